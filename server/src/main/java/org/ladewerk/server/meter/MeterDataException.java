package org.ladewerk.server.meter;

import java.time.Duration;

/** A refused or failed request to the meter-data provider, classified by what the import does about it. */
public class MeterDataException extends RuntimeException {

    public enum Kind {
        /** quota exceeded: stop asking until {@link #retryAfter()} */
        RATE_LIMITED,
        /** the customer withdrew the consent (403): stop, show it, wait for a new consent */
        CONSENT_REVOKED,
        /** the consent or its refresh token expired: same */
        CONSENT_EXPIRED,
        /** nothing measured in this period (404) */
        NO_DATA,
        /** the period lies before the meter's activation */
        BEFORE_ACTIVATION,
        /** the provider rejected the request (other 4xx) */
        REJECTED,
        /** 5xx, timeout, connection failure: try again at the next slot */
        UNAVAILABLE
    }

    private final Kind kind;
    private final Duration retryAfter;

    public MeterDataException(Kind kind, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public MeterDataException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean consentLost() {
        return kind == Kind.CONSENT_REVOKED || kind == Kind.CONSENT_EXPIRED;
    }
}
