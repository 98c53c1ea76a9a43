package io.faultline.platform.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Turns a configured list of API users ({@code faultline.detector.noc.users}, {@code faultline.compensation.finance.users})
 * into Spring Security users, refusing a configuration that would be ambiguous (blank or duplicate names, missing
 * passwords).
 */
public final class ApiUsers {

    /**
     * One configured API user.
     *
     * @param username login name, recorded as the actor of the user's actions
     * @param password a bcrypt hash ({@code $2a$…} or {@code {bcrypt}$2a$…}), {@code {noop}plain}, or any other
     *                 Spring Security {@code {id}encoded} form; a value without an {@code {id}} that is not a bcrypt
     *                 hash is taken as plain text (sandbox only)
     * @param roles    role names without the {@code ROLE_} prefix, e.g. {@code NOC} or {@code FINANCE}
     */
    public record User(String username, String password, @DefaultValue List<String> roles) {
    }

    private static final Logger log = LoggerFactory.getLogger(ApiUsers.class);
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern ENCODER_ID = Pattern.compile("\\{[A-Za-z0-9_.-]*}.*", Pattern.DOTALL);
    /** The password the sandbox configures; a service warns when it is used. */
    public static final String SANDBOX_PASSWORD = "changeme";

    private ApiUsers() {
    }

    /**
     * The Spring Security users of a configured list.
     *
     * @param property the configuration property of the list, named in errors and warnings
     * @param api      what the users may call, named in warnings
     */
    public static List<UserDetails> from(String property, String api, List<User> configured) {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            User user = configured.get(i);
            String where = property + "[" + i + "]";
            if (user.username() == null || user.username().isBlank()) {
                throw new IllegalStateException(where + ".username must not be blank");
            }
            if (!names.add(user.username())) {
                throw new IllegalStateException(where + ": user '" + user.username() + "' is configured twice");
            }
            if (user.password() == null || user.password().isEmpty()) {
                throw new IllegalStateException(where + ".password must not be empty (user '" + user.username()
                        + "')");
            }
            String password = encoded(user.password());
            if (password.equals("{noop}" + SANDBOX_PASSWORD)) {
                log.warn("{} user '{}' has the sandbox default password: set {} outside the sandbox", api,
                        user.username(), property);
            } else if (password.startsWith("{noop}")) {
                log.warn("{} user '{}' has a plain-text password in the configuration: prefer a bcrypt hash", api,
                        user.username());
            }
            users.add(org.springframework.security.core.userdetails.User.withUsername(user.username())
                    .password(password)
                    .roles(user.roles().stream().map(ApiUsers::role).distinct().toArray(String[]::new)).build());
        }
        if (users.isEmpty()) {
            log.warn("No {} user is configured ({}): it refuses everyone", api, property);
        }
        return users;
    }

    /** The password in Spring Security's {@code {id}encoded} form: bcrypt hashes and plain text get their id. */
    public static String encoded(String password) {
        if (ENCODER_ID.matcher(password).matches()) {
            return password;
        }
        if (BCRYPT.matcher(password).matches()) {
            return "{bcrypt}" + password;
        }
        return "{noop}" + password;
    }

    /** A role name without its {@code ROLE_} prefix, upper case. */
    public static String role(String role) {
        String name = role == null ? "" : role.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring("ROLE_".length());
        }
        if (name.isEmpty()) {
            throw new IllegalStateException("an API user has a blank role name");
        }
        return name;
    }
}
