package org.ladewerk.server.integration.emm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.outbox.Outbox;
import org.ladewerk.server.outbox.OutboxChannel;
import org.ladewerk.server.outbox.OutboxMessage;
import org.ladewerk.server.session.ChargingSession;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.session.SessionTracker;
import org.ladewerk.server.store.GroupCommitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each completed session to {@code POST {emm}/charging-sessions}, through the outbox: the row is written
 * in the transaction that completed the session, so it survives any restart, and is retried with backoff
 * for as long as the EMM is down (never given up). {@code Idempotency-Key} is the session id, so a post
 * repeated after a crash is recognised by the EMM. The session row shows the delivery state.
 */
@Component
public class EmmSessionPush implements OutboxChannel {

    private static final Logger log = LoggerFactory.getLogger(EmmSessionPush.class);
    static final String CHANNEL = "emm.sessions";

    private final EmmClient client;
    private final SessionStore sessions;
    private final GroupCommitter store;
    private final Outbox outbox;
    private final EmmLink link;
    private final LadewerkProperties.Emm config;

    public EmmSessionPush(EmmClient client, SessionStore sessions, SessionTracker tracker, GroupCommitter store, Outbox outbox,
                          EmmLink link, LadewerkProperties properties) {
        this.client = client;
        this.sessions = sessions;
        this.store = store;
        this.outbox = outbox;
        this.link = link;
        this.config = properties.emm();
        outbox.register(this); // registered even when off: rows written while it was on are still delivered once it is back
        if (enabled()) tracker.addCompletionListener((tx, session) -> queue(tx, session));
    }

    boolean enabled() {
        return !config.url().isEmpty();
    }

    private void queue(GroupCommitter.Tx tx, ChargingSession session) {
        outbox.enqueue(tx, CHANNEL, session.stationId(), "/charging-sessions", Long.toString(session.id()), json(session));
        sessions.emmQueued(tx, session.id());
    }

    /** Queues a session again (e.g. one given up, or one completed before the EMM link was configured). */
    public CompletableFuture<Boolean> resend(long sessionId) {
        if (!enabled()) return CompletableFuture.completedFuture(false);
        return store.submit(tx -> sessions.find(sessionId).filter(s -> !s.open()).map(s -> {
            queue(tx, s);
            return true;
        }).orElse(false));
    }

    /** The session as the EMM gets it: the API's fields without the EMM delivery state and the driver's preset. */
    static String json(ChargingSession s) {
        var node = Json.mapper().valueToTree(s);
        ((tools.jackson.databind.node.ObjectNode) node).remove(java.util.List.of("emm", "appliedPreset"));
        return node.toString();
    }

    @Override
    public String name() {
        return CHANNEL;
    }

    @Override
    public String backlogMetric() {
        return "ladewerk.emm.backlog";
    }

    @Override
    public int parallelism() {
        return config.parallelism();
    }

    @Override
    public double maxRate() {
        return config.maxRate();
    }

    @Override
    public java.time.Duration maxBackoff() {
        return config.maxBackoff();
    }

    @Override
    public CompletableFuture<String> deliver(OutboxMessage m) {
        if (!enabled()) return CompletableFuture.completedFuture("the EMM link is off (ladewerk.emm.url is empty)");
        return client.postSession(m.body(), m.ref()).thenApply(answer -> {
            if (!answer.ok()) return answer.problem();
            String body = answer.body() == null ? "" : answer.body().strip();
            if (!body.isEmpty()) {
                try {
                    if (!Json.mapper().readTree(body).isObject()) return "answer is not a JSON object";
                } catch (RuntimeException e) {
                    return "answer is not JSON: " + e.getMessage();
                }
            }
            return null;
        });
    }

    @Override
    public void attempted(List<Attempt> attempts) {
        try {
            var delivered = new ArrayList<Long>();
            for (Attempt a : attempts) {
                if (a.error() == null) {
                    delivered.add(Long.parseLong(a.message().ref()));
                } else {
                    link.failed("session " + a.message().ref() + ": " + a.error());
                    sessions.emmFailed(Long.parseLong(a.message().ref()), a.error(), a.done());
                }
            }
            if (!delivered.isEmpty()) {
                link.sessionPushed();
                sessions.emmDelivered(delivered, Instant.now());
            }
        } catch (RuntimeException e) {
            log.warn("could not record the EMM delivery state of sessions {}", attempts.stream().map(a -> a.message().ref()).toList(), e);
        }
    }
}
