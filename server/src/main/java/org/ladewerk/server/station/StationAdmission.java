package org.ladewerk.server.station;

import java.time.Duration;
import java.util.Optional;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.LadewerkProperties.UnknownStations;
import org.ladewerk.server.security.BasicCredentials;
import org.ladewerk.server.security.LoginThrottle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides at the WebSocket handshake or SOAP request whether a station may connect: unknown ids by
 * policy, and OCPP security profile 1 (HTTP Basic, user = charge point id, per-station password
 * stored hashed, see {@link StationPasswords}). Wrong passwords are throttled per station id and client
 * address before any hash is computed.
 */
@Component
public class StationAdmission {

    /** The verdict; {@code retryAfter} is set for THROTTLED only. */
    public record Verdict(Admission admission, Duration retryAfter) {
        static final Verdict ADMITTED = new Verdict(Admission.ADMITTED, null);
        static final Verdict UNKNOWN = new Verdict(Admission.UNKNOWN, null);
        static final Verdict UNAUTHORIZED = new Verdict(Admission.UNAUTHORIZED, null);
    }

    public enum Admission { ADMITTED, UNKNOWN, UNAUTHORIZED, THROTTLED }

    private record Credentials(String passwordHash) {}

    private final JdbcClient jdbc;
    private final StationPasswords passwords;
    private final LoginThrottle throttle;
    private final LadewerkProperties.Ocpp config;

    public StationAdmission(JdbcClient jdbc, StationPasswords passwords, LoginThrottle throttle, LadewerkProperties properties) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.throttle = throttle;
        this.config = properties.ocpp();
    }

    /** @param authorization the request's Authorization header, or null; @param address the client's address */
    public Verdict admit(String stationId, String authorization, String address) {
        Optional<Credentials> known = jdbc.sql("SELECT password_hash FROM station WHERE id = ?")
                // mapped by hand: a record mapper first asks for the column "passwordHash", which H2 logs as an error in its trace file
                .param(stationId).query((rs, n) -> new Credentials(rs.getString("password_hash"))).optional();
        if (known.isEmpty()) {
            if (config.unknownStations() == UnknownStations.REJECT) return Verdict.UNKNOWN;
            return config.requirePassword() ? Verdict.UNAUTHORIZED : Verdict.ADMITTED;
        }
        String hash = known.get().passwordHash();
        if (hash == null) return config.requirePassword() ? Verdict.UNAUTHORIZED : Verdict.ADMITTED;
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null || !stationId.equals(credentials.user())) return Verdict.UNAUTHORIZED;
        Duration locked = throttle.lockedFor(stationId, address);
        if (!locked.isZero()) return new Verdict(Admission.THROTTLED, locked);
        if (!passwords.matches(credentials.password(), hash)) {
            throttle.failed(stationId, address);
            return Verdict.UNAUTHORIZED;
        }
        throttle.succeeded(stationId, address);
        if (passwords.outdated(hash)) {
            // unless the password was changed meanwhile
            jdbc.sql("UPDATE station SET password_hash = ? WHERE id = ? AND password_hash = ?")
                    .params(passwords.hash(credentials.password()), stationId, hash).update();
        }
        return Verdict.ADMITTED;
    }
}
