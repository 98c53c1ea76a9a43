package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Gsm7Test {

    @Test
    void roundTripsBasicAndExtensionCharacters() {
        String text = "Hello @ £5 {x} [y] ~|^ € \\ ÄÖÑÜäöñü§¿¡ΔΩ_";
        assertThat(Gsm7.canEncode(text)).isTrue();
        assertThat(Gsm7.decode(Gsm7.encode(text))).isEqualTo(text);
        assertThat(Gsm7.encode("@")).containsExactly(0x00);
        assertThat(Gsm7.encode("€")).containsExactly(0x1B, 0x65);
    }

    @Test
    void refusesCharactersOutsideTheAlphabet() {
        assertThat(Gsm7.canEncode("✓")).isFalse();
        assertThatThrownBy(() -> Gsm7.encode("✓")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesByDataCoding() {
        byte none = 0;
        assertThat(ReceivedSms.decodeText((byte) 0x08, none, "Привет".getBytes(StandardCharsets.UTF_16BE)))
                .isEqualTo("Привет");
        assertThat(ReceivedSms.decodeText((byte) 0x03, none, "café".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("café");
        assertThat(ReceivedSms.decodeText((byte) 0x01, none, "plain".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("plain");
        assertThat(ReceivedSms.decodeText((byte) 0xF0, none, Gsm7.encode("flash @"))).isEqualTo("flash @");
        assertThat(ReceivedSms.decodeText((byte) 0x18, none, "UCS2".getBytes(StandardCharsets.UTF_16BE)))
                .isEqualTo("UCS2");
        byte[] withUdh = {5, 0, 3, 1, 2, 1, 'A', 'B'};
        assertThat(ReceivedSms.decodeText((byte) 0, (byte) 0x40, withUdh)).isEqualTo("AB");
    }
}
