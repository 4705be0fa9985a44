package org.ladewerk.server.maintenance;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.store.GroupCommitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Firmware update and diagnostics upload progress reported by stations. */
@Service
public class MaintenanceService {

    /** firmware update, diagnostics upload (1.6), log upload and firmware publishing (2.x) */
    public enum Kind { firmware, diagnostics, log, publish }

    public record StatusReport(Kind kind, String status, Instant receivedAt) {}

    private final GroupCommitter store;
    private final JdbcClient jdbc;

    public MaintenanceService(GroupCommitter store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    public CompletableFuture<Void> reported(String stationId, Kind kind, String status) {
        Instant now = Instant.now();
        return store.submit(tx -> {
            tx.insertLater("INSERT INTO maintenance_status (station_id, kind, status, received_at) VALUES (?, ?, ?, ?)",
                    stationId, kind.name(), status, ts(now));
            return null;
        });
    }

    public List<StatusReport> history(String stationId) {
        return jdbc.sql("SELECT kind, status, received_at FROM maintenance_status WHERE station_id = ? ORDER BY received_at DESC, id DESC")
                .param(stationId)
                .query((rs, n) -> new StatusReport(Kind.valueOf(rs.getString(1)), rs.getString(2), instant(rs, "received_at"))).list();
    }
}
