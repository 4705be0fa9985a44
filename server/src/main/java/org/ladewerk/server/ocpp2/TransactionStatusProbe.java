package org.ladewerk.server.ocpp2;

import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.transaction.StaleTransactions;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.StationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * After an OCPP 2.x station boots, asks it about each transaction the central system still has open
 * (GetTransactionStatus). A station that booted without resuming a transaction and has nothing of it
 * queued answers ongoingIndicator false, messagesInQueue false: the answer's effect
 * ({@link Ocpp2CommandEffects}) closes it as stale. The transport sends the questions after the
 * BootNotification's answer; only the node holding the station's connection asks.
 */
@Component
class TransactionStatusProbe implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransactionStatusProbe.class);

    private final EventBus events;
    private final CommandService commands;
    private final StationRegistry registry;
    private final StaleTransactions stale;
    private volatile EventBus.Subscription subscription;

    TransactionStatusProbe(EventBus events, CommandService commands, StationRegistry registry, StaleTransactions stale) {
        this.events = events;
        this.commands = commands;
        this.registry = registry;
        this.stale = stale;
    }

    private void onEvent(StationEvent event) {
        if (!(event instanceof StationEvent.Booted b) || !"Accepted".equals(b.registrationStatus())) return;
        var session = registry.find(b.stationId());
        if (session.isEmpty() || session.get().version() == OcppVersion.V1_6) return;
        Thread.ofVirtual().name("transaction-status-" + b.stationId()).start(() -> {
            try {
                probe(session.get());
            } catch (RuntimeException e) {
                log.warn("asking {} about its open transactions failed", b.stationId(), e);
            }
        });
    }

    private void probe(StationSession session) {
        for (String txId : stale.openStationTransactionIds(session.stationId())) {
            var request = JsonNodeFactory.instance.objectNode().put("transactionId", txId);
            commands.send(session.stationId(), "GetTransactionStatus", request).exceptionally(e -> {
                log.warn("GetTransactionStatus for {} of {} failed: {}", txId, session.stationId(), e.toString());
                return null;
            }).join();
        }
    }

    @Override
    public void start() {
        subscription = events.subscribe("transaction-status-probe", 10_000, this::onEvent);
    }

    @Override
    public void stop() {
        if (subscription != null) subscription.close();
        subscription = null;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
