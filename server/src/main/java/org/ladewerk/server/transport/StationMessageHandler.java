package org.ladewerk.server.transport;

import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles station-initiated calls of one OCPP version: maps them to the domain and the domain's
 * answer back. The transport has already checked that the action exists, is station-initiated
 * and that the payload is schema-valid.
 */
public interface StationMessageHandler {

    OcppVersion version();

    /** Completes with the response payload, or exceptionally with {@link OcppCallException} for a CALLERROR. */
    CompletableFuture<ObjectNode> handle(StationSession session, String action, ObjectNode payload);

    /** An OCPP 2.1 SEND (never answered), schema-valid. Versions without SEND never call this. */
    default void handleSend(StationSession session, String action, ObjectNode payload) {}

    /** The station connected; returns when the fact is stored. */
    CompletableFuture<Void> connected(StationSession session);

    void disconnected(StationSession session);
}
