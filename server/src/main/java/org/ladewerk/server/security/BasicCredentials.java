package org.ladewerk.server.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials (OCPP security profile 1: user = charge point id), as both transports receive them. */
public record BasicCredentials(String user, String password) {

    /** Decodes {@code Basic base64(user:password)}; null when the header is absent or not well-formed Basic. */
    public static BasicCredentials parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + user + "]";
    }
}
