package io.faultline.notifier.delivery;

import io.faultline.notifier.webhooks.Partner;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notifier settings ({@code faultline.notifier.*}).
 *
 * @param statusUrl public status page address printed in notices
 * @param brands    brand id to display name
 * @param sms       SMPP settings
 * @param email     SMTP sender settings
 * @param senders   notices sent in parallel per listener batch (the SMPP window, each sender holding one submit in
 *                  flight); by default 16, or one per 100 SMS a second of the TPS cap when that is more, so that the
 *                  window covers the cap at a few milliseconds per submit
 * @param webhooks  partners that receive every outage event as a signed webhook
 */
@ConfigurationProperties("faultline.notifier")
public record NotifierProperties(String statusUrl, Map<String, String> brands, Sms sms, Email email, Integer senders,
                                 List<Webhook> webhooks, StatusPage statusPage) {

    public NotifierProperties {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        statusUrl = statusUrl == null ? "https://status.faultline.example" : statusUrl;
        brands = brands == null ? Map.of() : brands;
        sms = sms == null ? new Sms(null, null, null, null, null, null, null, null) : sms;
        email = email == null ? new Email(null) : email;
        senders = senders == null || senders < 1 ? Math.max(16, sms.tps() / 100) : senders;
        statusPage = statusPage == null ? new StatusPage(null, null) : statusPage;
    }

    /**
     * The public status page served at {@code /status} ({@code faultline.notifier.status-page.*}).
     *
     * @param title  its heading
     * @param recent how long a resolved incident stays on it
     */
    public record StatusPage(String title, Duration recent) {

        public StatusPage {
            title = title == null || title.isBlank() ? "Network status" : title;
            recent = recent == null ? Duration.ofDays(7) : recent;
        }
    }

    /**
     * SMPP 3.4 client settings.
     *
     * @param host            SMSC host
     * @param port            SMSC port
     * @param systemId        bind system_id
     * @param password        bind password
     * @param validity        how long the SMSC may keep trying (validity_period)
     * @param responseTimeout how long to wait for submit_sm_resp
     * @param tps             submits per second this instance never exceeds (the SMSC's cap divided by the
     *                        instances); 0 for no limit
     * @param binds           transceiver binds this instance keeps open in parallel (submits go round robin; the
     *                        TPS cap is shared by them)
     */
    public record Sms(String host, Integer port, String systemId, String password, Duration validity,
                      Duration responseTimeout, Integer tps, Integer binds) {

        public Sms {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 2775 : port;
            systemId = systemId == null ? "faultline" : systemId;
            password = password == null ? "changeme" : password;
            validity = validity == null ? Duration.ofHours(6) : validity;
            responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
            tps = tps == null ? 100 : tps;
            binds = binds == null ? 1 : binds;
            if (binds < 1) {
                throw new IllegalArgumentException("faultline.notifier.sms.binds must be at least 1, was " + binds);
            }
        }
    }

    /**
     * One partner's webhook ({@code faultline.notifier.webhooks[i].*}).
     *
     * @param name        partner name ({@code [a-z0-9-]+})
     * @param url         endpoint (http or https)
     * @param secret      HMAC-SHA256 signing secret, 16 characters or more
     * @param maxAttempts attempts per event before the dead-letter topic (default 6)
     * @param backoff     wait before the second attempt, then doubled (default 2 s)
     */
    public record Webhook(String name, URI url, String secret, Integer maxAttempts, Duration backoff) {

        /** The partner, validated. */
        public Partner partner() {
            return new Partner(name, url, secret, maxAttempts == null ? 6 : maxAttempts,
                    backoff == null ? Duration.ofSeconds(2) : backoff);
        }
    }

    /**
     * Email settings (the SMTP server itself is {@code spring.mail.*}).
     *
     * @param from sender address
     */
    public record Email(String from) {

        public Email {
            from = from == null ? "noreply@faultline.example" : from;
        }
    }
}
