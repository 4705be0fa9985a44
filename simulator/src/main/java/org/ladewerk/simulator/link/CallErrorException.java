package org.ladewerk.simulator.link;

/**
 * A CALLERROR: thrown by a station's handler to answer the central system with one, and the
 * failure of a station call the central system answered with one.
 */
public final class CallErrorException extends RuntimeException {

    private final String errorCode;

    public CallErrorException(String errorCode, String description) {
        super(description, null, false, false);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
