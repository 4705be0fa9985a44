package org.ladewerk.server.authorization;

import java.time.Instant;

/** What the central system says about an id tag. */
public record Authorization(AuthorizationStatus status, Instant expiryDate, String parentIdTag) {

    public static Authorization invalid() {
        return new Authorization(AuthorizationStatus.Invalid, null, null);
    }
}
