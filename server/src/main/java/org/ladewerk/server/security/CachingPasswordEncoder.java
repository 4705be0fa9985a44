package org.ladewerk.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Remembers for {@link #REMEMBER} that a password matched a stored hash, so an integration calling
 * the API with HTTP Basic many times a second does not run the slow hash for every request (stations
 * have their own fast hash, see {@code StationPasswords}). Only successes are remembered, keyed by a
 * SHA-256 of hash and password (never the password itself); a changed hash is checked anew. Bounded
 * in size.
 */
final class CachingPasswordEncoder implements PasswordEncoder {

    static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 10_000;

    private final PasswordEncoder delegate;
    private final ConcurrentHashMap<String, Long> verified = new ConcurrentHashMap<>();

    CachingPasswordEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) return delegate.matches(rawPassword, encodedPassword);
        String key = digest(encodedPassword + '\0' + rawPassword);
        long now = System.nanoTime();
        Long at = verified.get(key);
        if (at != null && now - at < REMEMBER.toNanos()) return true;
        if (!delegate.matches(rawPassword, encodedPassword)) return false;
        if (verified.size() >= MAX_ENTRIES) verified.clear();
        verified.put(key, now);
        return true;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
