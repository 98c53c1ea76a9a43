package io.faultline.detector.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.Service;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ComplaintSightingTest {

    private final Serde<ComplaintSighting> serde = ComplaintSighting.serde();

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyFieldSurvivesTheRepartitionTopicToTheNanosecond(Service service) {
        ComplaintSighting sighting = new ComplaintSighting("c-0001", "SUB-ÎLE-DE-FRANCE-00042", "Île-de-France",
                service, Instant.parse("2026-11-24T01:02:03.123456789Z"), 5);

        byte[] bytes = serde.serializer().serialize("t", sighting);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(sighting);
        assertThat(bytes.length).as("smaller than the complaint's JSON").isLessThan(100);
    }

    @Test
    void aSightingOfTheFirstFormatHasNoKnownSource() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("c-1");
            out.writeUTF("SUB-1");
            out.writeUTF("north");
            out.writeUTF("DATA");
            out.writeLong(1_700_000_000L);
            out.writeInt(42);
        }

        assertThat(serde.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(new ComplaintSighting(
                "c-1", "SUB-1", "north", Service.DATA, Instant.ofEpochSecond(1_700_000_000L, 42),
                ComplaintSighting.UNKNOWN_SOURCE));
    }

    @Test
    void tombstonesStayNullAndAnUnknownFormatIsRefusedLoudly() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
    }
}
