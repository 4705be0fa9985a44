package org.ladewerk.server.station;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.LadewerkProperties.UnknownStations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Decides at the WebSocket handshake whether a station may connect: unknown ids by policy, and
 * OCPP security profile 1 (HTTP Basic, user = charge point id, per-station password stored hashed).
 */
@Component
public class StationAdmission {

    public enum Admission { ADMITTED, UNKNOWN, UNAUTHORIZED }

    private record Credentials(String passwordHash) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final LadewerkProperties.Ocpp config;
    /**
     * Password hashes are deliberately slow; a reconnect storm must not re-verify each one. Remembers
     * the digest of a password that matched a given stored hash, so a changed password is checked anew.
     */
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    public StationAdmission(JdbcClient jdbc, PasswordEncoder passwords, LadewerkProperties properties) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.config = properties.ocpp();
    }

    public Admission admit(String stationId, String user, String password) {
        Optional<Credentials> known = jdbc.sql("SELECT password_hash FROM station WHERE id = ?")
                // mapped by hand: a record mapper first asks for the column "passwordHash", which H2 logs as an error in its trace file
                .param(stationId).query((rs, n) -> new Credentials(rs.getString("password_hash"))).optional();
        if (known.isEmpty()) {
            if (config.unknownStations() == UnknownStations.REJECT) return Admission.UNKNOWN;
            return config.requirePassword() ? Admission.UNAUTHORIZED : Admission.ADMITTED;
        }
        String hash = known.get().passwordHash();
        if (hash == null) return config.requirePassword() ? Admission.UNAUTHORIZED : Admission.ADMITTED;
        if (password == null || !stationId.equals(user)) return Admission.UNAUTHORIZED;
        return matches(stationId, password, hash) ? Admission.ADMITTED : Admission.UNAUTHORIZED;
    }

    private boolean matches(String stationId, String password, String hash) {
        String digest = digest(hash + '\0' + password);
        if (digest.equals(verified.get(stationId))) return true;
        if (!passwords.matches(password, hash)) return false;
        verified.put(stationId, digest);
        return true;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
