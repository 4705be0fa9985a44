package org.ladewerk.server.integration.enedis;

import static org.ladewerk.server.store.Sql.ts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code state} of a consent request: a random nonce, stored with the user who asked, plus an
 * HMAC binding the nonce to that user. The redirect is accepted only for the same user, within
 * {@link #VALID}, and once: the nonce's row is deleted as it is checked, in one statement, so two
 * nodes or two tabs cannot both use it. A forged or replayed state therefore never gets a code
 * exchanged. The state stays under the 100 characters Enedis allows.
 */
final class ConsentStates {
    static final Duration VALID = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;
    private final byte[] secret;

    ConsentStates(JdbcClient jdbc, byte[] secret) {
        this.jdbc = jdbc;
        this.secret = secret;
    }

    String issue(String principal, Instant now) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = B64.encodeToString(bytes);
        jdbc.sql("DELETE FROM enedis_consent_state WHERE created_at < ?").param(ts(now.minus(VALID))).update();
        jdbc.sql("INSERT INTO enedis_consent_state (nonce, principal, created_at) VALUES (?, ?, ?)").params(nonce, principal, ts(now)).update();
        return nonce + "." + mac(nonce, principal);
    }

    /** True once for a state this server issued to {@code principal} less than {@link #VALID} ago. */
    boolean redeem(String state, String principal, Instant now) {
        if (state == null) return false;
        int dot = state.indexOf('.');
        if (dot <= 0) return false;
        String nonce = state.substring(0, dot);
        byte[] presented = state.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, mac(nonce, principal).getBytes(StandardCharsets.US_ASCII))) return false;
        return jdbc.sql("DELETE FROM enedis_consent_state WHERE nonce = ? AND principal = ? AND created_at >= ?")
                .params(nonce, principal, ts(now.minus(VALID))).update() == 1;
    }

    private String mac(String nonce, String principal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal((nonce + "\n" + principal).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
