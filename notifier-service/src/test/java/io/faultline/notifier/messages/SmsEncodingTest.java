package io.faultline.notifier.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmsEncodingTest {

    @Test
    void plainEnglishFitsOneGsm7Message() {
        String text = "Meridian: mobile data is working again. Sorry for the disruption.";
        SmsEncoding.Encoded encoded = SmsEncoding.encode(text, 1);
        assertThat(encoded.dataCoding()).isEqualTo(SmsEncoding.DATA_CODING_GSM);
        assertThat(encoded.segments()).isEqualTo(1);
        assertThat(SmsEncoding.decodeGsm(encoded.parts().getFirst())).isEqualTo(text);
    }

    @Test
    void accentsInTheGsmTableStayGsm7ButOthersForceUcs2() {
        assertThat(SmsEncoding.isGsm7("réseau rétabli à midi")).isTrue();
        assertThat(SmsEncoding.isGsm7("fonctionne de nouveau, ça marche")).isFalse();
        assertThat(SmsEncoding.isGsm7("à bientôt")).isFalse();
        SmsEncoding.Encoded encoded = SmsEncoding.encode("Réf à bientôt", 1);
        assertThat(encoded.dataCoding()).isEqualTo(SmsEncoding.DATA_CODING_UCS2);
        assertThat(new String(encoded.parts().getFirst(), StandardCharsets.UTF_16BE)).isEqualTo("Réf à bientôt");
    }

    @Test
    void extensionCharactersCountTwiceAndSurviveDecoding() {
        String text = "Price 5€ [info] {ref}";
        SmsEncoding.Encoded encoded = SmsEncoding.encode(text, 1);
        assertThat(encoded.parts().getFirst()).hasSize(text.length() + 5);
        assertThat(SmsEncoding.decodeGsm(encoded.parts().getFirst())).isEqualTo(text);
    }

    @Test
    void longTextsAreSplitWithAConcatenationHeader() {
        String gsm = "a".repeat(161);
        SmsEncoding.Encoded two = SmsEncoding.encode(gsm, 7);
        assertThat(two.segments()).isEqualTo(2);
        assertThat(two.parts().get(0)).hasSize(6 + 153);
        assertThat(two.parts().get(1)).hasSize(6 + 8);
        assertThat(two.parts().get(1)).startsWith(0x05, 0x00, 0x03, 7, 2, 2);
        assertThat(SmsEncoding.encode("a".repeat(160), 1).segments()).isEqualTo(1);

        String ucs2 = "ê".repeat(71);
        SmsEncoding.Encoded ucs2Parts = SmsEncoding.encode(ucs2, 9);
        assertThat(ucs2Parts.segments()).isEqualTo(2);
        assertThat(ucs2Parts.parts().get(0)).hasSize(6 + 134);
        assertThat(SmsEncoding.encode("ê".repeat(70), 1).segments()).isEqualTo(1);
    }

    @Test
    void anEscapeSequenceIsNeverCutBetweenTwoParts() {
        String text = "a".repeat(152) + "€" + "b".repeat(20);
        SmsEncoding.Encoded encoded = SmsEncoding.encode(text, 3);
        assertThat(encoded.parts().get(0)).hasSize(6 + 152);
        byte[] second = encoded.parts().get(1);
        assertThat(second[6]).isEqualTo((byte) 0x1b);
    }
}
