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
}
