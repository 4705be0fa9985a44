package org.ladewerk.simulator.link;

/** How a station call is delivered when the connection is not there. */
public enum Delivery {
    /** Only while connected and accepted; fails at once otherwise (Heartbeat, StatusNotification, Authorize). */
    ONLINE,
    /** Sent before the station is accepted (BootNotification). */
    BOOT,
    /**
     * Transaction-related (StartTransaction, StopTransaction, MeterValues of a transaction): kept in
     * order across disconnects and reboots, sent again until answered, retried on CALLERROR.
     */
    QUEUED
}
