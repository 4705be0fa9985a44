package org.ladewerk.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401 of the API says how to authenticate (RFC 9110 requires {@code WWW-Authenticate}): HTTP Basic
 * for integrations and Swagger UI, whose "Authorize" then works. The web UI's own requests (they
 * carry {@code X-Requested-With} or a session cookie) get a challenge no browser answers with its
 * password dialog, so an expired session ends on the log-in page instead.
 */
final class ApiChallenge implements AuthenticationEntryPoint {

    static final String REALM = "Ladewerk";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        challenge(request, response, "authentication required: HTTP Basic or an X-API-Key header");
    }

    static void challenge(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        boolean ui = request.getHeader("X-Requested-With") != null || request.getRequestedSessionId() != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, ui ? "Session realm=\"" + REALM + "\", login=\"/login\"" : "Basic realm=\"" + REALM + "\"");
        response.sendError(HttpStatus.UNAUTHORIZED.value(), message);
    }
}
