package org.ladewerk.server.integration.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.LadewerkProperties.WebhookMode;
import org.ladewerk.server.outbox.Outbox;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.transport.StationCallInterceptor;
import org.ladewerk.server.transport.StationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Station-initiated messages to the webhook, as apostoldevel/ocpp-cs posts them:
 * {@code {"identity", "uniqueId", "action", "payload", "account"}}.
 * <ul>
 * <li>notify: queued in the outbox in the same commit as the built-in handling, delivered afterwards;</li>
 * <li>respond: posted while the built-in handling runs; a schema-valid {@code payload} in the answer
 *     becomes the OCPP response, otherwise (timeout, error, invalid) the built-in answer is sent and
 *     the failure logged and counted. What the station reported is stored either way.</li>
 * </ul>
 */
@Component
public class WebhookInterceptor implements StationCallInterceptor {

    private static final Logger log = LoggerFactory.getLogger(WebhookInterceptor.class);

    private final LadewerkProperties.Webhook config;
    private final GroupCommitter store;
    private final Outbox outbox;
    private final WebhookClient client;
    private final OcppSchemas schemas;
    private final Counter fallbacks;
    /** The fallback warning is logged once a minute per station and cause; the counter counts every one. */
    private final WarnLimiter warnings = new WarnLimiter(Duration.ofMinutes(1));

    public WebhookInterceptor(LadewerkProperties properties, GroupCommitter store, Outbox outbox, WebhookClient client,
                              OcppSchemas schemas, MeterRegistry metrics) {
        this.config = properties.webhook();
        this.store = store;
        this.outbox = outbox;
        this.client = client;
        this.schemas = schemas;
        this.fallbacks = metrics.counter("ladewerk.webhook.respond.fallbacks");
    }

    @Override
    public CompletableFuture<ObjectNode> intercept(StationSession session, String uniqueId, String action, ObjectNode payload,
                                                   Supplier<CompletableFuture<ObjectNode>> builtIn) {
        if (config.url().isEmpty() || config.mode() == WebhookMode.OFF) return builtIn.get();
        String body = body(session, uniqueId, action, payload);
        if (config.mode() == WebhookMode.NOTIFY) {
            CompletableFuture<Void> queued = store.submit(tx -> {
                outbox.enqueue(tx, WebhookChannels.MESSAGES, session.stationId(), config.url(), null, body);
                return null;
            });
            CompletableFuture<ObjectNode> answer = builtIn.get();
            // acknowledged only once the post is durable too; both usually share one group commit
            return answer.thenCombine(queued, (response, v) -> response);
        }
        CompletableFuture<HttpResponse<String>> asked = client.post(config.url(), body, false, null, config.timeout());
        return builtIn.get().thenCombine(asked.handle((r, e) -> e == null ? r : null), (own, webhook) ->
                decide(session, uniqueId, action, own, webhook));
    }

    private ObjectNode decide(StationSession session, String uniqueId, String action, ObjectNode own, HttpResponse<String> webhook) {
        String problem;
        String cause;
        if (webhook == null) {
            problem = "no answer within " + config.timeout().toMillis() + " ms";
            cause = "timeout";
        } else if (webhook.statusCode() / 100 != 2) {
            problem = "HTTP " + webhook.statusCode();
            cause = problem;
        } else {
            cause = "answer";
            try {
                JsonNode answer = Json.mapper().readTree(webhook.body());
                if (answer.get("payload") instanceof ObjectNode payload) {
                    // the transaction identity is the central system's; a webhook cannot replace it
                    if (own.has("transactionId")) payload.set("transactionId", own.get("transactionId"));
                    var invalid = schemas.validateResponse(session.version(), action, payload);
                    if (invalid.isEmpty()) return payload;
                    problem = "invalid payload: " + invalid.get().description();
                } else {
                    problem = "answer has no payload object";
                }
            } catch (RuntimeException e) {
                problem = "answer is not JSON: " + e.getMessage();
            }
        }
        fallbacks.increment();
        long dropped = warnings.admit(session.stationId() + "|" + cause, System.nanoTime());
        if (dropped >= 0)
            log.warn("webhook could not answer {} {} of {} ({}); built-in answer sent{}", action, uniqueId, session.stationId(), problem,
                    dropped == 0 ? "" : " (" + dropped + " more like it in the last minute not logged)");
        return own;
    }

    private static String body(StationSession session, String uniqueId, String action, ObjectNode payload) {
        ObjectNode body = Json.mapper().createObjectNode().put("identity", session.stationId()).put("uniqueId", uniqueId)
                .put("action", action);
        body.set("payload", payload);
        body.put("account", session.account());
        return body.toString();
    }
}
