package org.ladewerk.server.meter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A consented usage point and its import state. {@code markers} holds, per series, the first day
 * not yet fetched.
 */
public record Meter(
        String usagePointId,
        String owner,
        Status status,
        Boolean produces,
        Instant createdAt,
        Instant nextImportAt,
        Instant lastImportAt,
        String lastError,
        Instant lastErrorAt,
        Map<Series, LocalDate> markers) {

    public enum Status {
        /** imported on schedule */
        ACTIVE,
        /** the customer withdrew the consent; not retried until a new consent */
        CONSENT_REVOKED,
        /** the consent (or its refresh token) expired; not retried until a new consent */
        CONSENT_EXPIRED
    }
}
