package org.ladewerk.server.station;

import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;
import org.springframework.stereotype.Component;

/**
 * How station passwords (OCPP security profiles 1 and 2: HTTP Basic with the charge point id as user,
 * 16 to 40 characters) are stored and checked. A station presents its password at every connect, and
 * after a restart or an outage the whole fleet does at once: bcrypt takes 63 ms a check on this
 * project's 2-core test machine, so 19,000 stations would keep both cores busy for ten minutes while
 * their connects time out and are tried again. A station password is a machine key of at least 16
 * characters, not a person's, so like an API key it is stored as a salted HMAC-SHA256 (PBKDF2 with one
 * round, about 40 µs a check). People's passwords stay on bcrypt. A station password stored as bcrypt
 * by an older version is still accepted, and replaced at that station's next successful connect.
 */
@Component
public class StationPasswords {

    private static final String ID = "pbkdf2-sha256-1";

    private final PasswordEncoder encoder = new DelegatingPasswordEncoder(ID, Map.of(
            ID, new Pbkdf2PasswordEncoder("", 16, 1, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256),
            "bcrypt", new BCryptPasswordEncoder()));

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** True for a hash of an older scheme, to be replaced once the password is known to match it. */
    public boolean outdated(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
