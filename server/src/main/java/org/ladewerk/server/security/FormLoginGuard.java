package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web UI's log-in form under the same brute-force throttle as HTTP Basic ({@link LoginThrottle}):
 * a locked-out user or address is sent back to the log-in page before any password hash is computed,
 * and each failed attempt (Spring answers it with a redirect to {@code /login?error}) counts.
 */
final class FormLoginGuard extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    FormLoginGuard(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = request.getParameter("username");
        String user = username == null ? null : "ui:" + username;
        String address = request.getRemoteAddr();
        Duration locked = throttle.lockedFor(user, address);
        if (!locked.isZero()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds())));
            response.sendRedirect("/login?locked");
            return;
        }
        chain.doFilter(request, response);
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (location != null && location.contains("/login?error")) throttle.failed(user, address);
        else if (location != null) throttle.succeeded(user, address);
    }
}
