package org.ladewerk.ocpp.schema;

import org.ladewerk.ocpp.ErrorCode;

/** Why a payload was rejected, ready to be sent as a CALLERROR. */
public record Violation(ErrorCode code, String description) {
}
