package org.ladewerk.simulator.station;

import java.time.Instant;
import org.ladewerk.ocpp.v16.ChargingProfile;
import org.ladewerk.ocpp.v16.StartTransactionRequest;

/**
 * A transaction on a connector as the station knows it. The central system's transaction id
 * arrives with the StartTransaction answer, possibly long after the start when the station was
 * offline; calls queued meanwhile read it when they are sent.
 */
final class Session {

    final String idTag;
    final Integer reservationId;
    final Instant start;
    final long meterStartWh;
    /** Built once, so a start sent again after a lost connection is recognised as the same one. */
    final StartTransactionRequest request;
    volatile Integer transactionId;
    boolean stopped;
    /** Not authorized and StopTransactionOnInvalidId is false: the transaction stays, the energy stops. */
    boolean deauthorized;
    /** A TxProfile from RemoteStartTransaction, installed once the transaction id is known. */
    ChargingProfile remoteProfile;

    Session(int connectorId, String idTag, Integer reservationId, Instant start, long meterStartWh) {
        this.idTag = idTag;
        this.reservationId = reservationId;
        this.start = start;
        this.meterStartWh = meterStartWh;
        this.request = new StartTransactionRequest(connectorId, idTag, meterStartWh, reservationId, start);
    }
}
