package io.faultline.notifier.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A partner of the operator (an MVNO riding on its network, a roaming partner) that receives every outage event
 * as a signed webhook, so that it can tell its own customers and staff.
 *
 * @param name           short name, also in the receipt and in the dead-letter record ({@code [a-z0-9-]+})
 * @param url            the partner's endpoint, http or https
 * @param secret         shared secret of the HMAC-SHA256 signature (at least 16 characters)
 * @param maxAttempts    attempts per event before it goes to the dead-letter topic (at least 1)
 * @param initialBackoff wait before the second attempt; doubled at each further one, up to a minute
 */
public record Partner(String name, URI url, String secret, int maxAttempts, Duration initialBackoff) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public Partner {
        Objects.requireNonNull(name, "a partner needs a name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("partner name '" + name + "' must be lower-case letters, digits, '-'");
        }
        Objects.requireNonNull(url, "partner " + name + " needs a url");
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("partner " + name + ": url must be http or https, not " + url);
        }
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("partner " + name + ": the signing secret needs 16 characters or more");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("partner " + name + ": max attempts must be at least 1");
        }
        if (initialBackoff == null || !initialBackoff.isPositive()) {
            throw new IllegalArgumentException("partner " + name + ": the back-off must be positive");
        }
    }

    /** Who the partner is in receipts ({@code subscriberId} of its notice receipts). */
    public String recipient() {
        return "partner-" + name;
    }

    @Override
    public String toString() {
        return "Partner[" + name + " " + url + "]";
    }
}
