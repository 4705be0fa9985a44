package org.ladewerk.server.integration.webhook;

import java.util.Set;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.outbox.Outbox;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Domain events (station online/offline, connector status, transaction started/stopped) to the events
 * webhook: written to the outbox in the same transaction as the change, signed with HMAC-SHA256, in order per station.
 */
@Component
class DomainEventWebhook {

    private static final Set<String> TYPES = Set.of("station.connected", "station.disconnected", "connector.status",
            "transaction.started", "transaction.stopped");

    DomainEventWebhook(EventBus events, Outbox outbox, LadewerkProperties properties) {
        String url = properties.webhook().eventsUrl();
        if (url.isEmpty()) return;
        events.addTransactionalListener((tx, event) -> {
            if (TYPES.contains(event.type())) outbox.enqueue(tx, WebhookChannels.EVENTS, event.stationId(), url, null, body(event));
        });
    }

    /** {"type", "stationId", "at", ...the event's own fields}. */
    static String body(StationEvent event) {
        ObjectNode fields = Json.mapper().valueToTree(event);
        ObjectNode body = Json.mapper().createObjectNode().put("type", event.type());
        body.setAll(fields);
        return body.toString();
    }
}
