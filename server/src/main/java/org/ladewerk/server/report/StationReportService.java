package org.ladewerk.server.report;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What stations report beyond the core flows (events, security events, charging limits, EV charging
 * needs, display messages, customer information, certificate requests, ...), kept verbatim.
 */
@Service
public class StationReportService {

    public record StationReport(long id, String stationId, String action, String payload, Instant receivedAt) {}

    private final JdbcClient jdbc;

    public StationReportService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Tx tx, String stationId, String action, String payloadJson) {
        tx.insertLater("INSERT INTO station_report (station_id, action, payload, received_at) VALUES (?, ?, ?, ?)",
                stationId, action, payloadJson, ts(Instant.now()));
    }

    public List<StationReport> list(String stationId, String action, int limit) {
        var sql = new StringBuilder("SELECT * FROM station_report WHERE station_id = ?");
        var args = new ArrayList<Object>(List.of(stationId));
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        args.add(limit);
        return jdbc.sql(sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?").toString()).params(args)
                .query((rs, n) -> new StationReport(rs.getLong("id"), rs.getString("station_id"), rs.getString("action"),
                        rs.getString("payload"), instant(rs, "received_at")))
                .list();
    }
}
