package org.ladewerk.server.transport;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.node.ObjectNode;

/** A live link to one station, whatever its transport. */
public interface StationSession {

    String stationId();

    OcppVersion version();

    /** The optional account segment of the connection URL ({@code /ocpp/{id}/{account}}). */
    String account();

    Instant connectedAt();

    Instant lastSeen();

    /**
     * Sends a central-system-initiated call. Calls to one station are sent one at a time in order;
     * the future completes with the station's answer, a timeout, or the loss of the connection.
     */
    CompletableFuture<CallOutcome> call(String action, ObjectNode payload);

    /** Closes the link; {@code code} is a WebSocket close code (1001 going away, 1000 normal). */
    void close(int code, String reason);

    /** "json" for OCPP-J over WebSocket, "soap" for OCPP over SOAP. */
    default String transport() {
        return "json";
    }

    /** What the station speaks, as stored and shown: the OCPP-J subprotocol, or "ocpp1.5"/"ocpp1.6" for SOAP. */
    default String protocol() {
        return version().subprotocol();
    }

    /** Where the station takes central-system calls when it is not over this link (a SOAP ChargePointService), else null. */
    default String endpointAddress() {
        return null;
    }

    /**
     * Why this link cannot carry a central-system call that is valid in {@link #version()} (an
     * operation OCPP 1.5 lacks, say), or null when it can. Asked before the call is sent; the API
     * answers a refusal as an invalid request.
     */
    default String refuses(String action, ObjectNode request) {
        return null;
    }
}
