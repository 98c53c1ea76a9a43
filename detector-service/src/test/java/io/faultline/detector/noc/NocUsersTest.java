package io.faultline.detector.noc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How configured NOC users become Spring Security users. */
class NocUsersTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void bcryptHashesNoopAndPlainPasswordsAllWork() {
        String hash = new BCryptPasswordEncoder(4).encode("s3cret");
        List<UserDetails> users = NocUsers.from(List.of(
                new NocProperties.User("hashed", hash, List.of("NOC")),
                new NocProperties.User("prefixed", "{bcrypt}" + hash, List.of("ROLE_NOC")),
                new NocProperties.User("noop", "{noop}s3cret", List.of("noc")),
                new NocProperties.User("plain", "s3cret", List.of("VIEWER"))));

        assertThat(users).allSatisfy(user -> {
            assertThat(encoder.matches("s3cret", user.getPassword())).as(user.getUsername()).isTrue();
            assertThat(encoder.matches("wrong", user.getPassword())).as(user.getUsername()).isFalse();
        });
        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_NOC");
        assertThat(users.get(1).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_NOC");
        assertThat(users.get(3).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER");
    }

    @Test
    void ambiguousUsersAreRefusedAtStartup() {
        assertThatThrownBy(() -> NocUsers.from(List.of(new NocProperties.User(" ", "{noop}x", List.of("NOC")))))
                .hasMessageContaining("users[0].username must not be blank");
        assertThatThrownBy(() -> NocUsers.from(List.of(new NocProperties.User("a", "{noop}x", List.of("NOC")),
                new NocProperties.User("a", "{noop}y", List.of("NOC"))))).hasMessageContaining("configured twice");
        assertThatThrownBy(() -> NocUsers.from(List.of(new NocProperties.User("a", "", List.of("NOC")))))
                .hasMessageContaining("password must not be empty");
    }
}
