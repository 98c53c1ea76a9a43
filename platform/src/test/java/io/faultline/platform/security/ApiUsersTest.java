package io.faultline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How configured API users become Spring Security users. */
class ApiUsersTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void bcryptHashesNoopAndPlainPasswordsAllWork() {
        String hash = new BCryptPasswordEncoder(4).encode("s3cret");
        List<UserDetails> users = ApiUsers.from("faultline.detector.noc.users", "NOC API", List.of(
                new ApiUsers.User("hashed", hash, List.of("NOC")),
                new ApiUsers.User("prefixed", "{bcrypt}" + hash, List.of("ROLE_NOC")),
                new ApiUsers.User("noop", "{noop}s3cret", List.of("noc")),
                new ApiUsers.User("plain", "s3cret", List.of("VIEWER"))));

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
        assertThatThrownBy(() -> ApiUsers.from("faultline.detector.noc.users", "NOC API", List.of(new ApiUsers.User(" ", "{noop}x", List.of("NOC")))))
                .hasMessageContaining("users[0].username must not be blank");
        assertThatThrownBy(() -> ApiUsers.from("faultline.detector.noc.users", "NOC API", List.of(new ApiUsers.User("a", "{noop}x", List.of("NOC")),
                new ApiUsers.User("a", "{noop}y", List.of("NOC"))))).hasMessageContaining("configured twice");
        assertThatThrownBy(() -> ApiUsers.from("faultline.detector.noc.users", "NOC API", List.of(new ApiUsers.User("a", "", List.of("NOC")))))
                .hasMessageContaining("password must not be empty");
    }
}
