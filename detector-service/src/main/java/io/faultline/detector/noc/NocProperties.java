package io.faultline.detector.noc;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the NOC REST API ({@code faultline.detector.noc.*}).
 *
 * @param users       who may call the API; each user needs the role {@code NOC} for {@code /api/noc/**}
 * @param sendTimeout how long a request waits for the broker to acknowledge its command before answering 503
 * @param retryAfter  the {@code Retry-After} given with a 503 while the outage store is not queryable
 */
@ConfigurationProperties("faultline.detector.noc")
public record NocProperties(@DefaultValue List<User> users, @DefaultValue("10s") Duration sendTimeout,
                            @DefaultValue("2s") Duration retryAfter) {

    /**
     * One API user.
     *
     * @param username login name, recorded as the actor of the user's actions
     * @param password a bcrypt hash ({@code $2a$…} or {@code {bcrypt}$2a$…}), {@code {noop}plain}, or any other
     *                 Spring Security {@code {id}encoded} form; a value without an {@code {id}} that is not a bcrypt
     *                 hash is taken as plain text (sandbox only)
     * @param roles       role names without the {@code ROLE_} prefix, e.g. {@code NOC}
     */
    public record User(String username, String password, @DefaultValue List<String> roles) {
    }
}
