package org.ladewerk.server.site;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import org.ladewerk.server.store.JobLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code site_snapshot} at {@code ladewerk.site.retention}: hourly, older rows are deleted in
 * chunks (no long transaction, no long lock on the table the snapshot writer inserts into). With several
 * nodes on one database the job lock lets one of them do it; another would only find nothing to delete.
 */
@Component
class SiteRetention implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SiteRetention.class);
    private static final String LOCK = "site-snapshot-retention";
    private static final int CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final JobLock lock;
    private final Duration retention;
    private final Ticker ticker;

    SiteRetention(JdbcClient jdbc, JobLock lock, SiteProperties properties) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.retention = properties.retention();
        this.ticker = Ticker.every("site-retention", Duration.ofMinutes(2), Duration.ofHours(1), () -> {
            if (lock.tryHold(LOCK, Duration.ofMinutes(30))) purge(Instant.now());
        });
    }

    /** Deletes the snapshots older than the retention as of {@code now}; the number deleted. */
    int purge(Instant now) {
        Instant cutoff = now.minus(retention);
        int total = 0;
        int n;
        do {
            n = jdbc.sql("DELETE FROM site_snapshot WHERE slot_at IN (SELECT slot_at FROM site_snapshot WHERE slot_at < ? ORDER BY slot_at LIMIT "
                    + CHUNK + ")").param(ts(cutoff)).update();
            total += n;
        } while (n == CHUNK);
        if (total > 0) log.info("site: deleted {} snapshots older than {}", total, retention);
        return total;
    }

    @Override
    public void destroy() {
        ticker.close();
    }
}
