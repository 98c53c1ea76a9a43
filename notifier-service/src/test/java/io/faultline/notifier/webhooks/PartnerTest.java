package io.faultline.notifier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartnerTest {

    private static final URI URL = URI.create("https://hooks.skylark.example/faultline");
    private static final String SECRET = "0123456789abcdef";

    @Test
    void aPartnerIsRefusedWithTheReasonWhenItsSettingsCannotWork() {
        assertThatThrownBy(() -> new Partner("Sky Lark", URL, SECRET, 3, Duration.ofSeconds(1)))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new Partner("skylark", URI.create("ftp://x.example/"), SECRET, 3,
                Duration.ofSeconds(1))).hasMessageContaining("http or https");
        assertThatThrownBy(() -> new Partner("skylark", URL, "short", 3, Duration.ofSeconds(1)))
                .hasMessageContaining("16 characters");
        assertThatThrownBy(() -> new Partner("skylark", URL, SECRET, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Partner("skylark", URL, SECRET, 3, Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void itsSecretNeverAppearsInItsDescription() {
        Partner partner = new Partner("skylark", URL, SECRET, 3, Duration.ofSeconds(1));

        assertThat(partner.toString()).doesNotContain(SECRET).contains("skylark");
        assertThat(partner.recipient()).isEqualTo("partner-skylark");
    }

    @Test
    void theSignatureIsHmacSha256OfTheTimestampDotBody() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 0123456789abcdef
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, body))
                .isEqualTo("t=1700000000,v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23");
    }
}
