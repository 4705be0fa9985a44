package org.ladewerk.server.integration.emm;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code emm_setting} rows: per station and key, the known actual value and when it last changed locally. */
@Component
class SettingsState {

    record Known(String actualValue, Instant localChangedAt, String emmValue, String result) {}

    private final JdbcClient jdbc;

    SettingsState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Known> of(String stationId) {
        var known = new LinkedHashMap<String, Known>();
        jdbc.sql("SELECT setting_key, actual_value, local_changed_at, emm_value, result FROM emm_setting WHERE station_id = ? ORDER BY setting_key")
                .param(stationId)
                .query(rs -> {
                    known.put(rs.getString(1), new Known(rs.getString(2), instant(rs, "local_changed_at"), rs.getString(4), rs.getString(5)));
                });
        return known;
    }

    /**
     * Records a key's actual value; {@code localChangeAt} non-null marks it as changed locally then, and
     * {@code emmValue} non-null is an EMM value just applied with {@code result}.
     */
    void save(String stationId, String key, String actual, Instant localChangeAt, String emmValue, String result) {
        Instant appliedAt = emmValue == null ? null : Instant.now();
        int n = jdbc.sql("""
                UPDATE emm_setting SET actual_value = ?, local_changed_at = COALESCE(?, local_changed_at), emm_value = COALESCE(?, emm_value),
                  applied_at = COALESCE(?, applied_at), result = COALESCE(?, result) WHERE station_id = ? AND setting_key = ?""")
                .params(actual, ts(localChangeAt), emmValue, ts(appliedAt), result, stationId, key).update();
        if (n == 0)
            jdbc.sql("""
                    INSERT INTO emm_setting (station_id, setting_key, actual_value, local_changed_at, emm_value, applied_at, result)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""").params(stationId, key, actual, ts(localChangeAt), emmValue, ts(appliedAt), result).update();
    }
}
