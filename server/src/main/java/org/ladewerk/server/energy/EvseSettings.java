package org.ladewerk.server.energy;

import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored modes per EVSE ({@code energy_evse_mode}); read by every round, so any node sees a change at once. */
@Repository
class EvseSettings {

    private final JdbcClient jdbc;

    EvseSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<EvseSetting> find(EvseKey key) {
        return jdbc.sql("SELECT * FROM energy_evse_mode WHERE station_id = ? AND evse_id = ?").params(key.stationId(), key.evseId())
                .query(EvseSettings::row).optional();
    }

    Map<EvseKey, EvseSetting> all() {
        var map = new HashMap<EvseKey, EvseSetting>();
        jdbc.sql("SELECT * FROM energy_evse_mode").query(EvseSettings::row).list().forEach(s -> map.put(s.key(), s));
        return map;
    }

    void save(EvseSetting s) {
        int updated = jdbc.sql("""
                UPDATE energy_evse_mode SET mode = ?, min_current_a = ?, max_current_a = ?, priority = ?, phase_switching = ?, updated_at = ?
                WHERE station_id = ? AND evse_id = ?""")
                .params(s.mode().key(), s.minCurrentA(), s.maxCurrentA(), s.priority(), s.phaseSwitching(), ts(Instant.now()),
                        s.stationId(), s.evseId()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO energy_evse_mode (station_id, evse_id, mode, min_current_a, max_current_a, priority, phase_switching, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(s.stationId(), s.evseId(), s.mode().key(), s.minCurrentA(), s.maxCurrentA(), s.priority(), s.phaseSwitching(),
                            ts(Instant.now())).update();
        }
    }

    private static EvseSetting row(ResultSet rs, int n) throws SQLException {
        return new EvseSetting(rs.getString("station_id"), rs.getInt("evse_id"), EvseMode.of(rs.getString("mode")),
                rs.getDouble("min_current_a"), rs.getDouble("max_current_a"), rs.getInt("priority"), rs.getBoolean("phase_switching"));
    }
}
