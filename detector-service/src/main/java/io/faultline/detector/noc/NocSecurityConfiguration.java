package io.faultline.detector.noc;

import io.faultline.platform.security.ApiSecurity;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * HTTP security of the detector. Two stateless filter chains, both without CSRF protection (no browser session,
 * no cookie):
 * <ol>
 *   <li><b>Open endpoints</b>, without Spring Security authentication: {@code /actuator/health/**},
 *       {@code /actuator/info} and {@code /actuator/prometheus} (probes and scraping), the VES event listener
 *       {@code /eventListener/**} (it checks its own basic credentials, {@code faultline.detector.ves.*}) and the
 *       read-only diagnostics {@code GET /api/outages/open} and {@code GET /api/topology/size} (no personal
 *       data; the sandbox polls them).</li>
 *   <li><b>Everything else</b> needs HTTP basic credentials of a {@code faultline.detector.noc.users} user with
 *       the role {@code NOC}: the NOC API {@code /api/noc/**}, the other actuator endpoints. 401 without valid
 *       credentials, 403 for a user without the role.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
public class NocSecurityConfiguration {

    /** Role that may read and steer outages. */
    public static final String NOC_ROLE = "NOC";

    @Bean
    @Order(1)
    SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(
                        EndpointRequest.to("health", "info", "prometheus"),
                        paths.matcher("/eventListener/**"),
                        paths.matcher(HttpMethod.GET, "/api/outages/open"),
                        paths.matcher(HttpMethod.GET, "/api/topology/size")))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        return ApiSecurity.stateless(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain nocApi(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/noc/**").hasRole(NOC_ROLE)
                        .anyRequest().hasRole(NOC_ROLE))
                .httpBasic(basic -> basic.realmName("Faultline NOC"));
        return ApiSecurity.stateless(http).build();
    }

    @Bean
    UserDetailsService nocUserDetailsService(NocProperties properties) {
        return ApiSecurity.users("faultline.detector.noc.users", "NOC API", properties.users());
    }

    /** Reads {@code {bcrypt}}, {@code {noop}} and Spring Security's other encoded forms. */
    @Bean
    PasswordEncoder nocPasswordEncoder() {
        return ApiSecurity.passwordEncoder();
    }
}
