package io.faultline.compensation.finance;

import io.faultline.platform.security.ApiSecurity;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security of the compensation service. Probes and metrics ({@code /actuator/health/**},
 * {@code /actuator/info}, {@code /actuator/prometheus} and {@code /actuator/metrics/**}, which shows the same
 * figures as the Prometheus scrape) are open; everything else needs HTTP basic credentials of a
 * {@code faultline.compensation.finance.users} user: {@code FINANCE} for the finance API and the other actuator
 * endpoints, {@code FINANCE} or {@code CARE} for the credits of a subscriber and the held invoices. 401 without
 * valid credentials, 403 without the role. Stateless, without CSRF protection (no session, no cookie).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FinanceProperties.class)
public class FinanceSecurityConfiguration {

    /** Reads liabilities, credits and CSV exports, and approves or rejects grants. */
    public static final String FINANCE_ROLE = "FINANCE";
    /** Customer care: reads the credits of a subscriber. */
    public static final String CARE_ROLE = "CARE";

    @Bean
    @Order(1)
    SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.to("health", "info", "prometheus", "metrics"))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        return ApiSecurity.stateless(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain financeApi(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/api/finance/subscribers/**", "/api/finance/invoice-holds/**",
                                "/api/finance/invoice-holds").hasAnyRole(FINANCE_ROLE, CARE_ROLE)
                        .anyRequest().hasRole(FINANCE_ROLE))
                .httpBasic(basic -> basic.realmName("Faultline finance"));
        return ApiSecurity.stateless(http).build();
    }

    @Bean
    UserDetailsService financeUserDetailsService(FinanceProperties properties) {
        return ApiSecurity.users("faultline.compensation.finance.users", "Finance API", properties.users());
    }

    /** Reads {@code {bcrypt}}, {@code {noop}} and Spring Security's other encoded forms. */
    @Bean
    PasswordEncoder financePasswordEncoder() {
        return ApiSecurity.passwordEncoder();
    }
}
