package org.ladewerk.simulator.station;

/** OCPP 1.6 ChargePointStatus. */
public enum ConnectorStatus {
    Available, Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing, Reserved, Unavailable, Faulted
}
