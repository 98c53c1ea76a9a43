package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class NoticeRequestSerdeTest {

    private final Serde<NoticeRequest> serde = NoticeRequestSerde.create();

    @Test
    void everyFieldSurvivesTheBinaryForm() {
        NoticeRequest notice = new NoticeRequest("OUT-1:UPDATED.v3:S-1:EMAIL", "OUT-1", 3, OutageStatus.UPDATED, "S-1",
                NoticeChannel.EMAIL, "ann@mail.example", "fr", "skylark", true, "Données mobiles indisponibles",
                Set.of(Service.DATA, Service.VOICE), Instant.parse("2018-12-06T05:30:00Z"), null,
                Instant.parse("2018-12-06T06:00:00.5Z"), Instant.parse("2018-12-06T18:00:00Z"),
                "Un certificat a expiré ; nous revenons à la version précédente.");

        byte[] bytes = serde.serializer().serialize("t", notice);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(notice);
        assertThat(bytes.length).isLessThan(EventJson.write(notice).length);
    }

    @Test
    void absentFieldsSurviveAndJsonOfAnEarlierVersionStillReads() {
        NoticeRequest notice = new NoticeRequest("OUT-1:RESOLVED:S-2:SMS", "OUT-1", 2, OutageStatus.RESOLVED, "S-2",
                NoticeChannel.SMS, "447700900123", null, "meridian", false, "Mobile data unavailable",
                Set.of(Service.DATA), Instant.parse("2018-12-06T05:30:00Z"), Instant.parse("2018-12-06T07:30:00Z"),
                Instant.parse("2018-12-06T07:30:00Z"));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", notice))).isEqualTo(notice);
        assertThat(serde.deserializer().deserialize("t", EventJson.write(notice))).isEqualTo(notice);
    }
}
