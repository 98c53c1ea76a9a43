package io.faultline.detector.noc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Turns {@code faultline.detector.noc.users} into Spring Security users, refusing a configuration that would
 * be ambiguous (blank or duplicate names, missing passwords).
 */
final class NocUsers {

    private static final Logger log = LoggerFactory.getLogger(NocUsers.class);
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Pattern ENCODER_ID = Pattern.compile("\\{[A-Za-z0-9_.-]*}.*", Pattern.DOTALL);
    static final String SANDBOX_PASSWORD = "changeme";

    private NocUsers() {
    }

    static List<UserDetails> from(List<NocProperties.User> configured) {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            NocProperties.User user = configured.get(i);
            String where = "faultline.detector.noc.users[" + i + "]";
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
                log.warn("NOC API user '{}' has the sandbox default password: set FAULTLINE_NOC_PASSWORD or "
                        + "faultline.detector.noc.users outside the sandbox", user.username());
            } else if (password.startsWith("{noop}")) {
                log.warn("NOC API user '{}' has a plain-text password in the configuration: prefer a bcrypt hash",
                        user.username());
            }
            users.add(User.withUsername(user.username()).password(password)
                    .roles(user.roles().stream().map(NocUsers::role).distinct().toArray(String[]::new)).build());
        }
        if (users.isEmpty()) {
            log.warn("No NOC API user is configured (faultline.detector.noc.users): /api/noc/** refuses everyone");
        }
        return users;
    }

    /** The password in Spring Security's {@code {id}encoded} form: bcrypt hashes and plain text get their id. */
    static String encoded(String password) {
        if (ENCODER_ID.matcher(password).matches()) {
            return password;
        }
        if (BCRYPT.matcher(password).matches()) {
            return "{bcrypt}" + password;
        }
        return "{noop}" + password;
    }

    static String role(String role) {
        String name = role == null ? "" : role.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring("ROLE_".length());
        }
        if (name.isEmpty()) {
            throw new IllegalStateException("a NOC API user has a blank role name");
        }
        return name;
    }
}
