package org.ladewerk.server.user;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who calls the app API ({@code /api/app/v1}): the user and what this credential may do. A personal
 * access token carries the scopes it was issued with; a web UI log-in carries all of them. This is
 * the principal of the request's Authentication, so controllers take it as
 * {@code @AuthenticationPrincipal AppPrincipal me}.
 */
public record AppPrincipal(AppUser user, Set<Scope> scopes, Long tokenId) {

    public AppPrincipal {
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** A log-in of the web UI: every scope, no token. */
    public static AppPrincipal session(AppUser user) {
        return new AppPrincipal(user, EnumSet.allOf(Scope.class), null);
    }

    /** Throws 403 unless this credential has the scope. */
    public void require(Scope scope) {
        if (!scopes.contains(scope))
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "this token lacks the scope " + scope.value());
    }

    /** Throws 403 unless the user may use the EVSE. */
    public void requireChargePoint(String stationId, int evseId) {
        if (!user.mayUse(stationId, evseId))
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "not allowed to use " + stationId + "/" + evseId);
    }
}
