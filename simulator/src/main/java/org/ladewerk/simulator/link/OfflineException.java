package org.ladewerk.simulator.link;

/** A call that needs the central system could not be made: not connected, timed out, or the link stopped. */
public final class OfflineException extends RuntimeException {

    public OfflineException(String message) {
        super(message, null, false, false);
    }
}
