package org.ladewerk.server.api.app;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.audit.AuditLog;
import org.ladewerk.server.live.app.LiveValues;
import org.ladewerk.server.security.LoginThrottle;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppTokens;
import org.ladewerk.server.user.AppTokens.Issued;
import org.ladewerk.server.user.AppTokens.TokenInfo;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Scope;
import org.ladewerk.server.user.Users;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * Personal access tokens: issued for a username and password (the one place the app API checks a
 * password, under the log-in throttle, with the same bcrypt cost for unknown users so their absence
 * does not show), listed without their secret, revoked by their owner. Issue and revoke are audited.
 */
@RestController
@Tag(name = "App API")
public class AppTokenController {

    private final Users users;
    private final AppTokens tokens;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final LiveValues live;
    private final LadewerkProperties.App config;
    private final String unknownUserHash;

    public AppTokenController(Users users, AppTokens tokens, PasswordEncoder encoder, LoginThrottle throttle, AuditLog audit,
                              LiveValues live, LadewerkProperties properties) {
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.throttle = throttle;
        this.audit = audit;
        this.live = live;
        this.config = properties.app();
        this.unknownUserHash = encoder.encode("no such user");
    }

    /** expiresIn: seconds, or an ISO-8601 duration such as "P30D". */
    public record TokenRequest(String username, String password, List<String> scopes, JsonNode expiresIn) {}

    @PostMapping("/api/app/v1/tokens")
    @Operation(summary = "Issue a token: {username, password, scopes?, expiresIn?} -> {id, token, scopes, expiresAt}; the token is shown only here",
            description = "Scopes: sessions:read, charging:control, presets:write (default all). Send it as Authorization: Bearer <token>.")
    public ResponseEntity<Issued> issue(@RequestBody TokenRequest r, HttpServletRequest request) {
        if (r.username() == null || r.password() == null) throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "username and password are required");
        Set<Scope> scopes = scopes(r.scopes());
        Instant expiresAt = Instant.now().plus(lifetime(r.expiresIn()));
        String id = "app:" + r.username();
        String address = request.getRemoteAddr();
        Duration locked = throttle.lockedFor(id, address);
        if (!locked.isZero())
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds()))).build();
        Optional<String> hash = users.passwordHash(r.username());
        boolean matches = encoder.matches(r.password(), hash.orElse(unknownUserHash)) && hash.isPresent();
        Optional<AppUser> user = matches ? users.byUsername(r.username()) : Optional.empty();
        if (user.isEmpty()) {
            throttle.failed(id, address);
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "wrong username or password");
        }
        throttle.succeeded(id, address);
        tokens.purgeExpired();
        Issued issued = tokens.issue(user.get(), scopes, expiresAt);
        audit.record(user.get().username(), "token.issue", "token " + issued.id(), "scopes=" + scopes + ", expiresAt=" + expiresAt);
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(issued);
    }

    @GetMapping("/api/app/v1/tokens")
    @Operation(summary = "My tokens, without their secret")
    public List<TokenInfo> list(@AuthenticationPrincipal AppPrincipal me) {
        return tokens.list(me.user().id());
    }

    @DeleteMapping("/api/app/v1/tokens/{id}")
    @Operation(summary = "Revoke one of my tokens; it fails at once, and its live-value connections are closed")
    public ResponseEntity<Void> revoke(@AuthenticationPrincipal AppPrincipal me, @PathVariable long id) {
        if (!tokens.revoke(me.user().id(), id)) throw new ResponseStatusException(HttpStatus.NOT_FOUND, "you have no token " + id);
        live.revoked(id);
        audit.record(me.user().username(), "token.revoke", "token " + id, null);
        return ResponseEntity.noContent().build();
    }

    private static Set<Scope> scopes(List<String> names) {
        if (names == null) return EnumSet.allOf(Scope.class);
        if (names.isEmpty()) throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "scopes must name at least one scope");
        var set = EnumSet.noneOf(Scope.class);
        names.forEach(n -> set.add(Scope.parse(n)));
        return set;
    }

    private Duration lifetime(JsonNode expiresIn) {
        if (expiresIn == null || expiresIn.isNull()) return config.tokenLifetime();
        Duration d;
        try {
            d = expiresIn.isNumber() ? Duration.ofSeconds(expiresIn.asLong()) : Duration.parse(expiresIn.asString());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expiresIn must be seconds or an ISO-8601 duration such as P30D");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(config.maxTokenLifetime()) > 0)
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expiresIn must be positive and at most " + config.maxTokenLifetime());
        return d;
    }
}
