package org.ladewerk.server.integration.emm;

import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.status.StatusSnapshot;
import org.ladewerk.server.store.JobLock;
import org.ladewerk.server.worker.Periodic;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The status snapshot to {@code POST {emm}/status} every {@code ladewerk.emm.status-interval} while
 * anything changed. Latest wins, so it needs no outbox: a failed push is simply followed by the next
 * snapshot (the link state shows the failure). With several nodes on one database one of them pushes
 * (a job lock renewed at each run, taken over by another node when it lapses), so the EMM does not get
 * several nodes' snapshots in turn.
 */
@Component
class EmmStatusPush implements SmartLifecycle {

    private static final String LOCK = "emm-status";

    private final EmmClient client;
    private final JobLock lock;
    private final StatusSnapshot snapshot;
    private final EmmLink link;
    private final LadewerkProperties.Emm config;
    private volatile boolean running;
    private long pushedVersion = -1;
    private Periodic worker;

    EmmStatusPush(EmmClient client, StatusSnapshot snapshot, EmmLink link, JobLock lock, LadewerkProperties properties) {
        this.client = client;
        this.lock = lock;
        this.snapshot = snapshot;
        this.link = link;
        this.config = properties.emm();
    }

    void pushOnOneNode() {
        if (lock.tryHold(LOCK, config.statusInterval().multipliedBy(3))) pushIfChanged();
        else pushedVersion = -1; // another node pushes; if this one takes over, it pushes its snapshot at once
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

    @Override
    public void start() {
        running = true;
        if (!config.url().isEmpty()) worker = Periodic.start("emm-status", config.statusInterval(), config.statusInterval(), this::pushOnOneNode);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) worker.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
