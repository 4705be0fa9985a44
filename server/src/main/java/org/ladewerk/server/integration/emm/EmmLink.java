package org.ladewerk.server.integration.emm;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The state of the link to the EMM as operators see it (API and UI): when something last reached it, the
 * last failure and its reason. Updated by every call; memory only (the durable part is the outbox).
 */
@Component
public final class EmmLink {

    private static final Logger log = LoggerFactory.getLogger(EmmLink.class);
    private final AtomicBoolean failing = new AtomicBoolean();

    public record State(boolean enabled, Instant lastSessionPushAt, Instant lastStatusPushAt, Instant lastSyncAt,
                        String lastError, Instant lastErrorAt, long backlog) {}

    private final AtomicReference<Instant> lastSessionPush = new AtomicReference<>();
    private final AtomicReference<Instant> lastStatusPush = new AtomicReference<>();
    private final AtomicReference<Instant> lastSync = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();

    void sessionPushed() {
        lastSessionPush.set(Instant.now());
        reached();
    }

    void statusPushed() {
        lastStatusPush.set(Instant.now());
        reached();
    }

    void synced() {
        lastSync.set(Instant.now());
        reached();
    }

    private void reached() {
        if (failing.compareAndSet(true, false)) log.info("the EMM answers again");
    }

    /** Records a failure; logged when the link turns bad, not for each of the many calls that fail while it is. */
    void failed(String what) {
        lastError.set(what);
        lastErrorAt.set(Instant.now());
        if (failing.compareAndSet(false, true)) log.warn("EMM call failed: {}; retrying (further failures are not logged until it answers)", what);
    }

    State state(boolean enabled, long backlog) {
        return new State(enabled, lastSessionPush.get(), lastStatusPush.get(), lastSync.get(), lastError.get(), lastErrorAt.get(), backlog);
    }
}
