package io.faultline.notifier.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook, in the {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex>} where the hex is
 * HMAC-SHA256, keyed with the partner's secret, of {@code <unix seconds>.<body bytes>}. The partner recomputes it
 * over the raw body, compares in constant time, and refuses a timestamp too far from its clock (a replay).
 */
public final class WebhookSignature {

    public static final String HEADER = "Faultline-Signature";

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return "t=" + timestampSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    private static byte[] hmac(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
