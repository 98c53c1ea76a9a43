package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Service;
import io.faultline.detector.complaints.SurgeDetectorState;
import io.faultline.detector.complaints.SurgeDetectorState.BucketCount;
import io.faultline.platform.streams.JsonStoreSerde;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SurgeStateSerdeTest {

    private final Serde<SurgeDetectorState> serde = SurgeStateSerde.serde();

    @Test
    void aStateSurgingWithBucketsComesBackEqual() {
        Instant minute = Instant.parse("2026-11-24T02:00:00Z");
        SurgeDetectorState state = new SurgeDetectorState("north", Service.DATA, minute.minusSeconds(3_600),
                minute, minute.plusMillis(59_999).plusNanos(123), List.of(new BucketCount(minute.minusSeconds(60), 4,
                        false), new BucketCount(minute, 31, true)), minute.minusSeconds(60), null);

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void aFreshStateWithEveryInstantAbsentComesBackEqual() {
        SurgeDetectorState fresh = SurgeDetectorState.initial("Île-de-France", Service.VOICEMAIL);

        assertThat(roundTrip(fresh)).isEqualTo(fresh);
    }

    @Test
    void aStateWrittenAsJsonBeforeTheBinaryFormStillRestores() {
        Instant minute = Instant.parse("2026-11-24T02:00:00Z");
        SurgeDetectorState state = new SurgeDetectorState("south", Service.SMS, minute, minute, minute,
                List.of(new BucketCount(minute, 2, false)), null, minute);
        byte[] json = JsonStoreSerde.of(SurgeDetectorState.class).serializer().serialize("changelog", state);

        assertThat(serde.deserializer().deserialize("changelog", json)).isEqualTo(state);
    }

    private SurgeDetectorState roundTrip(SurgeDetectorState state) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }
}
