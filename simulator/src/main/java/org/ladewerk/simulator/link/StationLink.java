package org.ladewerk.simulator.link;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * A station's link to the central system, whatever the transport: {@link OcppLink} (OCPP-J over
 * WebSocket) or {@code org.ladewerk.simulator.soap.SoapLink} (OCPP 1.5/1.6 over SOAP). Payloads are
 * OCPP 1.6 JSON shapes either way; central-system calls reach the station's {@link OcppLink.Handler}.
 */
public interface StationLink {

    String identity();

    boolean isOpen();

    boolean isReady();

    int backlog();

    void start();

    void stop();

    void restart(Duration offFor);

    void drop();

    /**
     * Loses the network without a goodbye and stays off it for {@code offFor} (a cut line, the central
     * system's site down), then connects again; transaction messages made meanwhile wait in the queue.
     */
    default void outage(Duration offFor) {
        restart(offFor);
    }

    void ready(boolean accepted);

    void abandon();

    CompletableFuture<ObjectNode> call(String action, Supplier<?> payload, Delivery delivery, Consumer<ObjectNode> first);

    default CompletableFuture<ObjectNode> call(String action, Supplier<?> payload, Delivery delivery) {
        return call(action, payload, delivery, null);
    }

    default CompletableFuture<ObjectNode> call(String action, Object payload, Delivery delivery) {
        return call(action, () -> payload, delivery);
    }
}
