package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ladewerk.server.security.AppRateLimiter.Limit;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppTokens;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Users;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes every authenticated app API request carry an {@link AppPrincipal}, the seam the app
 * controllers rely on: a Bearer token becomes its user with the token's scopes (a bad one is 401
 * at once, whatever session comes with it: the credentials of the request decide); a web UI
 * session becomes its user, read afresh so a changed role or a deleted user counts at once, with
 * every scope. The configured admin has no {@code app_user} row and gets a synthetic one (id 0).
 * Then the rate limits: per client address for every request, per token for token requests.
 */
final class AppAuthentication extends OncePerRequestFilter {

    private final AppTokens tokens;
    private final Users users;
    private final String adminUser;
    private final AppRateLimiter limits;

    AppAuthentication(AppTokens tokens, Users users, String adminUser, AppRateLimiter limits) {
        this.tokens = tokens;
        this.users = users;
        this.adminUser = adminUser;
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (limited(response, Limit.address, request.getRemoteAddr())) return;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<AppPrincipal> principal = tokens.authenticate(authorization.substring(7).strip());
            if (principal.isEmpty()) {
                challenge(response, "invalid, expired or revoked token");
                return;
            }
            if (limited(response, Limit.token, Long.toString(principal.get().tokenId()))) return;
            use(principal.get());
        } else {
            Authentication session = SecurityContextHolder.getContext().getAuthentication();
            if (session != null && session.isAuthenticated() && session.getPrincipal() instanceof UserDetails d) {
                Optional<AppUser> user = d.getUsername().equals(adminUser)
                        ? Optional.of(new AppUser(0, adminUser, Role.admin, List.of(), List.of(), null))
                        : users.byUsername(d.getUsername());
                if (user.isEmpty()) {
                    challenge(response, "this user no longer exists");
                    return;
                }
                use(AppPrincipal.session(user.get()));
            }
        }
        chain.doFilter(request, response);
    }

    private boolean limited(HttpServletResponse response, Limit limit, String caller) throws IOException {
        Duration wait = limits.take(limit, caller);
        if (wait.isZero()) return false;
        response.setHeader(HttpHeaders.RETRY_AFTER, AppRateLimiter.retryAfter(wait));
        response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "rate limit of this " + limit + " exceeded, retry later");
        return true;
    }

    private static void use(AppPrincipal principal) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                AuthorityUtils.createAuthorityList(principal.user().role().authority())));
        SecurityContextHolder.setContext(context);
    }

    static void challenge(HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + ApiChallenge.REALM + "\"");
        response.sendError(HttpStatus.UNAUTHORIZED.value(), message);
    }
}
