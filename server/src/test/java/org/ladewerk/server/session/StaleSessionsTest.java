package org.ladewerk.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A session whose unplug never comes is closed after the maximum duration, and only then. */
class StaleSessionsTest extends ServerTest {

    @Autowired
    StaleSessions stale;
    @Autowired
    SessionStore sessions;
    @Autowired
    JdbcClient jdbc;

    private long open(String station, Instant pluggedIn) {
        jdbc.sql("INSERT INTO charging_session (station_id, evse_id, connector_id, open_key, plugged_in_at) VALUES (?, 1, 1, ?, ?)")
                .params(station, station + "|1", pluggedIn.atOffset(ZoneOffset.UTC)).update();
        return jdbc.sql("SELECT id FROM charging_session WHERE open_key = ?").param(station + "|1").query(Long.class).single();
    }

    @Test
    void closesOnlySessionsOpenLongerThanTheMaximum() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long old = open(unique("GONE"), now.minusSeconds(8 * 24 * 3600));
        long recent = open(unique("HERE"), now.minusSeconds(3600));

        stale.closeStale(now);

        ChargingSession closed = sessions.find(old).orElseThrow();
        assertThat(closed.open()).isFalse();
        assertThat(closed.stopReason()).isEqualTo("Stale");
        assertThat(closed.unpluggedAt()).isEqualTo(now);
        assertThat(closed.idleMinutes()).isEqualTo(8 * 24 * 60);
        assertThat(sessions.find(recent).orElseThrow().open()).isTrue();
    }
}
