package org.ladewerk.server.support;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ladewerk.server.user.AppTokens;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Scope;
import org.ladewerk.server.user.Users;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Tests of the driver app API as a real user: drivers created with a password the web log-in
 * accepts ({@link #PASSWORD}), app requests sent with a real Bearer token of the wanted scopes, so
 * they pass the same authentication, scope checks and rate limits as a mobile app's.
 */
public abstract class AppServerTest extends ServerTest {

    /** Every driver's password here, for tests that log in to the web UI. */
    public static final String PASSWORD = "driver-pass-7";

    @Autowired
    protected Users users;
    @Autowired
    private AppTokens tokens;
    @Autowired
    private PasswordEncoder passwords;

    /** A driver with these tags, allowed to use every EVSE of {@code stationIds}. */
    protected AppUser driver(List<String> tags, String... stationIds) {
        return users.create(new Users.NewUser(unique("driver"), passwords.encode(PASSWORD), Role.driver, tags,
                Arrays.stream(stationIds).map(s -> new AppUser.ChargePointRef(s, 0)).toList()));
    }

    /** An app API request as {@code username} with a fresh token of the given scopes (all when none are given). */
    protected HttpRequest.Builder asUser(String username, String path, Scope... scopes) {
        AppUser user = users.byUsername(username).orElseThrow();
        Set<Scope> granted = scopes.length == 0 ? EnumSet.allOf(Scope.class) : EnumSet.copyOf(Arrays.asList(scopes));
        String token = tokens.issue(user, granted, Instant.now().plus(Duration.ofHours(1))).token();
        return HttpRequest.newBuilder(api().uri(path)).header("Authorization", "Bearer " + token);
    }
}
