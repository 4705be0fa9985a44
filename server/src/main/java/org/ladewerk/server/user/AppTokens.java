package org.ladewerk.server.user;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.security.SecretKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Personal access tokens of the app API. A token is 32 random bytes shown once; the database keeps
 * only its HMAC-SHA256 under the server's token secret, so every request is checked with one fast
 * hash and one indexed lookup (passwords stay on bcrypt, checked only when a token is issued), and a
 * stolen copy of the table gives nothing to try offline without the secret. The secret comes from
 * {@code ladewerk.app.token-secret}, else from {@code app-token.key} in the data dir, made on first
 * use readable by its owner only; nodes sharing one database must share it through the setting.
 */
@Service
public class AppTokens {

    /** What the owner sees of a token after it was issued: never the token itself. */
    public record TokenInfo(long id, Set<Scope> scopes, Instant createdAt, Instant expiresAt) {}

    /** A token just issued: the only moment {@code token} is known. */
    public record Issued(long id, String token, Set<Scope> scopes, Instant expiresAt) {}

    static final String PREFIX = "lwt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Users users;
    private final String configuredSecret;
    private final Path dataDir;
    private volatile SecretKeySpec key;

    public AppTokens(JdbcClient jdbc, Users users, LadewerkProperties properties, @Value("${ladewerk.data-dir:./data}") Path dataDir) {
        this.jdbc = jdbc;
        this.users = users;
        this.configuredSecret = properties.app().tokenSecret();
        this.dataDir = dataDir;
    }

    public Issued issue(AppUser user, Set<Scope> scopes, Instant expiresAt) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        var id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO app_token (user_id, token_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(user.id(), hash(token), join(scopes), ts(Instant.now()), ts(expiresAt)).update(id, "id");
        return new Issued(id.getKeyAs(Long.class), token, scopes, expiresAt);
    }

    /** The principal of a presented token; empty when it is unknown, revoked or expired. */
    public Optional<AppPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        record Row(long id, long userId, String scopes, Instant expiresAt) {}
        return jdbc.sql("SELECT id, user_id, scopes, expires_at FROM app_token WHERE token_hash = ?").param(hash(token))
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getLong("user_id"), rs.getString("scopes"), instant(rs, "expires_at")))
                .optional()
                .filter(r -> r.expiresAt().isAfter(Instant.now()))
                .flatMap(r -> users.byId(r.userId()).map(u -> new AppPrincipal(u, split(r.scopes()), r.id())));
    }

    public List<TokenInfo> list(long userId) {
        return jdbc.sql("SELECT id, scopes, created_at, expires_at FROM app_token WHERE user_id = ? ORDER BY id").param(userId)
                .query((rs, n) -> new TokenInfo(rs.getLong("id"), split(rs.getString("scopes")), instant(rs, "created_at"),
                        instant(rs, "expires_at"))).list();
    }

    /** Revokes the user's token; false when the user has no token of that id. */
    public boolean revoke(long userId, long tokenId) {
        return jdbc.sql("DELETE FROM app_token WHERE id = ? AND user_id = ?").params(tokenId, userId).update() > 0;
    }

    /** Expired tokens are useless; removing them keeps the table to the live ones. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM app_token WHERE expires_at < ?").param(ts(Instant.now())).update();
    }

    private String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] secret = secret();
            if (secret.length < 32) throw new IllegalStateException("ladewerk.app.token-secret must be at least 32 bytes (Base64)");
            key = k = new SecretKeySpec(secret, "HmacSHA256");
        }
        return k;
    }

    private byte[] secret() {
        return SecretKeys.configuredOrFile(configuredSecret, dataDir, "app-token.key");
    }

    private static String join(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(" "));
    }

    private static Set<Scope> split(String scopes) {
        var set = EnumSet.noneOf(Scope.class);
        Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank()).map(Scope::parse).forEach(set::add);
        return set;
    }
}
