package org.ladewerk.server.energy;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The latest decision per EVSE ({@code energy_decision}) and the limit its station last accepted. Only
 * rows whose decision changed are written, so a quiet round of 1,000 EVSEs writes nothing.
 */
@Repository
class Decisions {

    /** A decision with what was last sent for it (null: nothing accepted yet). */
    record Stored(Decision decision, Double sentLimitA, Integer sentPhases, Instant sentAt) {}

    private final JdbcClient jdbc;

    Decisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Stored> all() {
        return jdbc.sql("SELECT * FROM energy_decision ORDER BY station_id, evse_id").query(Decisions::row).list();
    }

    void save(Decision d) {
        var args = new ArrayList<Object>(Arrays.asList(d.limitA(), d.phases(), d.reason().name(), d.detail(), d.pvEnabled()));
        args.add(ts(d.pendingSince()));
        args.add(ts(d.phasesSince()));
        args.add(ts(d.limitSince()));
        args.add(d.vehicleCapA());
        args.add(ts(d.at()));
        args.add(d.key().stationId());
        args.add(d.key().evseId());
        int updated = jdbc.sql("""
                UPDATE energy_decision SET limit_a = ?, phases = ?, reason = ?, detail = ?, pv_enabled = ?, pending_since = ?,
                  phases_since = ?, limit_since = ?, vehicle_cap_a = ?, decided_at = ? WHERE station_id = ? AND evse_id = ?""")
                .params(args).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO energy_decision (limit_a, phases, reason, detail, pv_enabled, pending_since, phases_since, limit_since,
                      vehicle_cap_a, decided_at, station_id, evse_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(args).update();
        }
    }

    void sent(EvseKey key, double limitA, int phases, Instant at) {
        jdbc.sql("UPDATE energy_decision SET sent_limit_a = ?, sent_phases = ?, sent_at = ? WHERE station_id = ? AND evse_id = ?")
                .params(limitA, phases, ts(at), key.stationId(), key.evseId()).update();
    }

    private static Stored row(ResultSet rs, int n) throws SQLException {
        double cap = rs.getDouble("vehicle_cap_a");
        Double vehicleCap = rs.wasNull() ? null : cap;
        double sent = rs.getDouble("sent_limit_a");
        Double sentLimit = rs.wasNull() ? null : sent;
        int phases = rs.getInt("sent_phases");
        Integer sentPhases = rs.wasNull() ? null : phases;
        var d = new Decision(new EvseKey(rs.getString("station_id"), rs.getInt("evse_id")), rs.getDouble("limit_a"), rs.getInt("phases"),
                Reason.valueOf(rs.getString("reason")), rs.getString("detail"), rs.getBoolean("pv_enabled"), instant(rs, "pending_since"),
                instant(rs, "phases_since"), instant(rs, "limit_since"), vehicleCap, instant(rs, "decided_at"));
        return new Stored(d, sentLimit, sentPhases, instant(rs, "sent_at"));
    }
}
