package org.ladewerk.simulator.link;

/** What a load run measures on every link; all methods are called concurrently from many links. */
public interface CallObserver {

    CallObserver NONE = new CallObserver() { };

    default void connected() { }

    default void disconnected() { }

    default void connectFailed(Throwable cause) { }

    default void sent(String action) { }

    /** The answer arrived {@code nanos} after the frame was sent; {@code error} when it was a CALLERROR. */
    default void answered(String action, long nanos, boolean error) { }

    default void timedOut(String action) { }
}
