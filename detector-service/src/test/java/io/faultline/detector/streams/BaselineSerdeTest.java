package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.platform.streams.JsonStoreSerde;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class BaselineSerdeTest {

    private final Serde<HourOfWeekBaseline> serde = BaselineSerde.serde();

    @Test
    void aLearnedBaselineComesBackEqualAndSmallerThanItsJson() {
        HourOfWeekBaseline learned = learned();

        byte[] bytes = serde.serializer().serialize("t", learned);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(learned);
        int jsonSize = JsonStoreSerde.of(HourOfWeekBaseline.class).serializer().serialize("t", learned).length;
        assertThat(bytes.length).isEqualTo(4_077).isLessThan(jsonSize);
    }

    @Test
    void anEmptyBaselineComesBackEqual() {
        HourOfWeekBaseline empty = HourOfWeekBaseline.empty();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty))).isEqualTo(empty);
    }

    @Test
    void aBaselineWrittenAsJsonBeforeTheBinaryFormStillRestores() {
        HourOfWeekBaseline learned = learned();
        byte[] json = JsonStoreSerde.of(HourOfWeekBaseline.class).serializer().serialize("changelog", learned);

        assertThat(serde.deserializer().deserialize("changelog", json)).isEqualTo(learned);
    }

    @Test
    void aTruncatedRecordIsRefusedWithItsSize() {
        byte[] bytes = serde.serializer().serialize("t", learned());

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 bytes");
    }

    private static HourOfWeekBaseline learned() {
        double[] weights = new double[HourOfWeekBaseline.SLOTS];
        double[] means = new double[HourOfWeekBaseline.SLOTS];
        double[] variances = new double[HourOfWeekBaseline.SLOTS];
        for (int slot = 0; slot < HourOfWeekBaseline.SLOTS; slot++) {
            weights[slot] = 10 + slot / 7.0;
            means[slot] = Math.sin(slot) + 2.5;
            variances[slot] = 0.1 * slot;
        }
        return new HourOfWeekBaseline(weights, means, variances, 3.25, 1.5, 2.75, 12_345, 1_790_000_000_000L);
    }
}
