package org.ladewerk.server.station;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class StationPasswordsTest {

    private final StationPasswords passwords = new StationPasswords();

    @Test
    void aPasswordIsStoredSaltedAndChecked() {
        String hash = passwords.hash("correct-horse-battery");
        assertThat(hash).startsWith("{pbkdf2-sha256-1}").doesNotContain("correct-horse-battery");
        assertThat(passwords.hash("correct-horse-battery")).as("salted").isNotEqualTo(hash);
        assertThat(passwords.matches("correct-horse-battery", hash)).isTrue();
        assertThat(passwords.matches("correct-horse-batterz", hash)).isFalse();
        assertThat(passwords.outdated(hash)).isFalse();
    }

    @Test
    void aBcryptHashOfAnOlderVersionStillMatchesAndIsOutdated() {
        String old = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("correct-horse-battery");
        assertThat(passwords.matches("correct-horse-battery", old)).isTrue();
        assertThat(passwords.matches("wrong-horse-battery", old)).isFalse();
        assertThat(passwords.outdated(old)).isTrue();
    }
}
