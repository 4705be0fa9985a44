package org.ladewerk.server.session;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.JobLock;
import org.ladewerk.server.worker.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * No session stays open forever: a station that never reports the unplug (taken off the network, replaced)
 * would otherwise keep its session open. Sessions plugged in longer than
 * {@code ladewerk.charging-data.max-session-duration} are closed as unplugged now with stop reason
 * "Stale", through the store like any other close (so they are archived and pushed). Hourly, on one node.
 */
@Component
class StaleSessions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StaleSessions.class);
    private static final String LOCK = "charging-session-stale";

    private final JdbcClient jdbc;
    private final GroupCommitter store;
    private final SessionTracker tracker;
    private final JobLock lock;
    private final Duration maxDuration;
    private volatile Periodic worker;

    StaleSessions(JdbcClient jdbc, GroupCommitter store, SessionTracker tracker, JobLock lock, LadewerkProperties properties) {
        this.jdbc = jdbc;
        this.store = store;
        this.tracker = tracker;
        this.lock = lock;
        this.maxDuration = properties.chargingData().maxSessionDuration();
    }

    int closeStale(Instant now) {
        record Open(long id, String stationId, int evseId) {}
        List<Open> stale = jdbc.sql("SELECT id, station_id, evse_id FROM charging_session WHERE open_key IS NOT NULL AND plugged_in_at < ?")
                .param(ts(now.minus(maxDuration))).query((rs, n) -> new Open(rs.getLong(1), rs.getString(2), rs.getInt(3))).list();
        for (Open o : stale) {
            store.submit(tx -> {
                tracker.closeStale(tx, o.stationId(), o.evseId(), o.id(), now);
                return null;
            }).join();
            log.info("charging session {} of {} EVSE {} closed: plugged in for more than {} without an unplug", o.id(), o.stationId(),
                    o.evseId(), maxDuration);
        }
        return stale.size();
    }

    @Override
    public void start() {
        worker = Periodic.start("charging-session-stale", Duration.ofMinutes(1), Duration.ofHours(1), () -> {
            if (lock.tryHold(LOCK, Duration.ofMinutes(30))) closeStale(Instant.now());
        });
    }

    @Override
    public void stop() {
        if (worker != null) worker.close();
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
