package io.faultline.platform.security;

import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** What the services' HTTP basic APIs share: stateless filter chains, configured users, encoded passwords. */
public final class ApiSecurity {

    private ApiSecurity() {
    }

    /** No session, no cookie, no CSRF token, no form login or logout: every request carries its credentials. */
    public static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
    }

    /** The configured users of an API (see {@link ApiUsers#from}). */
    public static UserDetailsService users(String property, String api, List<ApiUsers.User> configured) {
        return new InMemoryUserDetailsManager(ApiUsers.from(property, api, configured));
    }

    /** Reads {@code {bcrypt}}, {@code {noop}} and Spring Security's other encoded forms. */
    public static PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
