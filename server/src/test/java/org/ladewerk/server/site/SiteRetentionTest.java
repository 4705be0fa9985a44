package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code ladewerk.site.retention} (default 400 days): older snapshots go, younger ones stay, and a second run finds nothing. */
class SiteRetentionTest extends ServerTest {

    @Autowired
    SiteRetention retention;
    @Autowired
    JdbcClient jdbc;

    @Test
    void snapshotsOlderThanTheRetentionAreDeleted() {
        Instant now = Instant.parse("2001-06-01T12:00:00Z"); // long before what the running snapshot writer stores
        Instant old = now.minus(Duration.ofDays(401)).truncatedTo(ChronoUnit.MINUTES);
        Instant kept = now.minus(Duration.ofDays(399)).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            jdbc.sql("INSERT INTO site_snapshot (slot_at, pv_power_w) VALUES (?, 1000)").param(ts(old.plusSeconds(60L * i))).update();
            jdbc.sql("INSERT INTO site_snapshot (slot_at, pv_power_w) VALUES (?, 1000)").param(ts(kept.plusSeconds(60L * i))).update();
        }
        assertThat(retention.purge(now)).isEqualTo(3);
        assertThat(count(old, kept)).isZero();
        assertThat(count(kept, kept.plusSeconds(3600))).isEqualTo(3);
        assertThat(retention.purge(now)).isZero();
    }

    private long count(Instant from, Instant to) {
        return jdbc.sql("SELECT COUNT(*) FROM site_snapshot WHERE slot_at >= ? AND slot_at < ?").params(ts(from), ts(to)).query(Long.class).single();
    }
}
