package org.ladewerk.server.integration.webhook;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.outbox.Outbox;
import org.ladewerk.server.outbox.OutboxChannel;
import org.ladewerk.server.outbox.OutboxMessage;
import org.springframework.stereotype.Component;

/**
 * The two webhook receivers as outbox channels: station messages (notify mode) and signed domain events.
 * Each row carries its URL, so posts made before a configuration change still go where they were meant to.
 */
@Component
class WebhookChannels {

    static final String MESSAGES = "webhook.messages";
    static final String EVENTS = "webhook.events";
    private static final String BACKLOG = "ladewerk.webhook.backlog";

    WebhookChannels(Outbox outbox, WebhookClient client, LadewerkProperties properties) {
        var config = properties.webhook();
        outbox.register(new Channel(MESSAGES, false, client, config));
        outbox.register(new Channel(EVENTS, true, client, config));
    }

    private record Channel(String name, boolean signed, WebhookClient client, LadewerkProperties.Webhook config) implements OutboxChannel {

        @Override
        public String backlogMetric() {
            return BACKLOG;
        }

        @Override
        public CompletableFuture<String> deliver(OutboxMessage m) {
            return client.post(m.target(), m.body(), signed, Long.toString(m.id()), Duration.ofSeconds(10))
                    .thenApply(r -> r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode());
        }

        @Override
        public int maxAttempts() {
            return config.maxAttempts();
        }

        @Override
        public Duration maxBackoff() {
            return config.maxBackoff();
        }

        @Override
        public int parallelism() {
            return config.parallelism();
        }
    }
}
