package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class NoticeBatchSerdeTest {

    private final Serde<NoticeBatch> serde = NoticeBatchSerde.create();

    private static NoticeRequest notice(String subscriber, OutageStatus stage, long version, NoticeChannel channel,
                                        String publicMessage) {
        return new NoticeRequest("OUT-1:" + stage + ":" + subscriber + ":" + channel, "OUT-1", version, stage,
                subscriber, channel, channel == NoticeChannel.SMS ? "4477009" + subscriber : subscriber + "@mail.example",
                subscriber.hashCode() % 2 == 0 ? "fr" : "en", "skylark", subscriber.endsWith("7"),
                "Données mobiles indisponibles", Set.of(Service.DATA, Service.VOICE),
                Instant.parse("2018-12-06T05:30:00Z"), null, Instant.parse("2018-12-06T06:00:00.5Z"),
                Instant.parse("2018-12-06T18:00:00Z"), publicMessage);
    }

    @Test
    void everyNoticeOfABatchSurvivesInOrderWithTheOutageWrittenOnce() {
        List<NoticeRequest> notices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            notices.add(notice("S" + i, i % 3 == 0 ? OutageStatus.DETECTED : OutageStatus.UPDATED, 3,
                    i % 2 == 0 ? NoticeChannel.SMS : NoticeChannel.EMAIL, "Un certificat a expiré."));
        }
        NoticeBatch batch = new NoticeBatch(notices);

        byte[] bytes = serde.serializer().serialize("t", batch);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(batch);
        assertThat(NoticeBatchSerde.countOf(bytes)).isEqualTo(200);
        int single = NoticeRequestSerde.write(notices.get(0)).length;
        assertThat(bytes.length).as("the outage's title, times and message are written once, not 200 times")
                .isLessThan(200 * single / 2);
    }

    @Test
    void aBatchMixingOutagesOrVersionsWritesEachChangeAndReadsBackExactly() {
        NoticeBatch batch = new NoticeBatch(List.of(
                notice("A", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null),
                notice("B", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null),
                notice("C", OutageStatus.UPDATED, 2, NoticeChannel.EMAIL, "ETA 18:00"),
                new NoticeRequest("OUT-2:RESOLVED:D:SMS", "OUT-2", 4, OutageStatus.RESOLVED, "D", NoticeChannel.SMS,
                        "447700900123", null, "meridian", false, "Voice down", Set.of(Service.VOICE),
                        Instant.parse("2018-12-06T05:30:00Z"), Instant.parse("2018-12-06T07:30:00Z"),
                        Instant.parse("2018-12-06T07:30:00Z")),
                notice("E", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null)));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", batch))).isEqualTo(batch);
    }

    @Test
    void anInvoiceHoldNoticeKeepsItsKindAndInvoiceBesideOutageNotices() {
        NoticeRequest hold = new NoticeRequest("hold:INV-9:S-9:EMAIL", "hold:INV-9", 0, null, "S-9",
                NoticeChannel.EMAIL, "s9@mail.example", "fr", "volta", false, null, Set.of(),
                Instant.parse("2012-11-02T06:00:03Z"), null, Instant.parse("2012-11-02T06:00:03Z"), null, null,
                NoticeKind.INVOICE_HOLD, new NoticeRequest.HeldInvoice("INV-9", 412_345, "EUR"));
        NoticeBatch batch = new NoticeBatch(List.of(notice("A", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null),
                hold, notice("B", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null)));

        NoticeBatch read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", batch));

        assertThat(read).isEqualTo(batch);
        assertThat(read.notices().get(1).kind()).isEqualTo(NoticeKind.INVOICE_HOLD);
        assertThat(read.notices().get(0).kind()).isEqualTo(NoticeKind.OUTAGE);
    }

    @Test
    void aRecordOfAnEarlierVersionReadsAsABatchOfOne() {
        NoticeRequest notice = notice("S-1", OutageStatus.RESOLVED, 2, NoticeChannel.SMS, null);

        byte[] binary = NoticeRequestSerde.write(notice);
        assertThat(serde.deserializer().deserialize("t", binary)).isEqualTo(NoticeBatch.of(notice));
        assertThat(NoticeBatchSerde.countOf(binary)).isEqualTo(1);
        assertThat(serde.deserializer().deserialize("t", EventJson.write(notice))).isEqualTo(NoticeBatch.of(notice));
    }

    @Test
    void aDamagedBatchIsAClearErrorNeverAShorterBatch() {
        byte[] bytes = serde.serializer().serialize("t", new NoticeBatch(List.of(
                notice("A", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null),
                notice("B", OutageStatus.DETECTED, 1, NoticeChannel.SMS, null))));

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreadable notice batch");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bytes left");
        byte[] unknown = bytes.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknown))
                .hasMessageContaining("unknown notice batch format 9");
        assertThatThrownBy(() -> new NoticeBatch(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
