package io.faultline.detector.noc;

import java.time.Duration;
import io.faultline.platform.security.ApiUsers;
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
public record NocProperties(@DefaultValue List<ApiUsers.User> users, @DefaultValue("10s") Duration sendTimeout,
                            @DefaultValue("2s") Duration retryAfter) {

}
