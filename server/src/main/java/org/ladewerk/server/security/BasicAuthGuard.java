package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the API's HTTP Basic and API-key checks. Credentials a request carries are always
 * checked, and wrong ones always fail it: Spring's Basic filter skips the check when the UI session
 * already authenticates the same user, so a forged request could carry the session cookie plus any
 * Basic header and thereby also skip the CSRF check (which exempts requests with their own
 * credentials). Failed attempts are throttled per user and client address ({@link LoginThrottle}):
 * a locked-out request gets 429 with Retry-After before any password hash is computed.
 */
final class BasicAuthGuard extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    BasicAuthGuard(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean key = request.getHeader(SecurityConfig.ApiKeyFilter.HEADER) != null;
        if (!basic && !key) {
            chain.doFilter(request, response);
            return;
        }
        BasicCredentials credentials = basic ? BasicCredentials.parse(authorization) : null;
        String user = credentials == null ? null : "api:" + credentials.user();
        String address = request.getRemoteAddr();
        Duration locked = throttle.lockedFor(user, address);
        if (!locked.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds())));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "too many failed log-ins, retry later");
            return;
        }
        // the credentials of this request decide, not those of the session that may come with it
        if (basic) SecurityContextHolder.clearContext();
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) throttle.failed(user, address);
        else if (response.getStatus() < 400) throttle.succeeded(user, address);
    }
}
