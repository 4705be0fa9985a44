package org.ladewerk.server.transport;

import org.ladewerk.ocpp.ErrorCode;

/** A station-initiated call that is answered with a CALLERROR of this code. */
public class OcppCallException extends RuntimeException {

    private final ErrorCode code;

    public OcppCallException(ErrorCode code, String description) {
        super(description);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
