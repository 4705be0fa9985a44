package org.ladewerk.server.integration.emm;

import java.time.Duration;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.status.StatusSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The status snapshot to {@code POST {emm}/status} every {@code ladewerk.emm.status-interval} while
 * anything changed. Latest wins, so it needs no outbox: a failed push is simply followed by the next
 * snapshot (the link state shows the failure).
 */
@Component
class EmmStatusPush implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmmStatusPush.class);

    private final EmmClient client;
    private final StatusSnapshot snapshot;
    private final EmmLink link;
    private final LadewerkProperties.Emm config;
    private volatile boolean running;
    private long pushedVersion = -1;
    private Thread worker;

    EmmStatusPush(EmmClient client, StatusSnapshot snapshot, EmmLink link, LadewerkProperties properties) {
        this.client = client;
        this.snapshot = snapshot;
        this.link = link;
        this.config = properties.emm();
    }

    void pushIfChanged() {
        StatusSnapshot.Built b = snapshot.current();
        if (b.version() == pushedVersion) return;
        EmmClient.Answer answer = client.postStatus(b.json()).join();
        if (answer.ok()) {
            pushedVersion = b.version();
            link.statusPushed();
        } else {
            link.failed("status: " + answer.problem());
        }
    }

    private void loop() {
        Duration every = config.statusInterval();
        while (running) {
            try {
                pushIfChanged();
            } catch (RuntimeException e) {
                log.warn("EMM status push failed", e);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (!config.url().isEmpty()) worker = Thread.ofVirtual().name("emm-status").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) worker.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
