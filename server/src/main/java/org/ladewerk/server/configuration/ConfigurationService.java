package org.ladewerk.server.configuration;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.List;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A station's configuration keys and local authorization list, as last read from or written to it. */
@Service
public class ConfigurationService {

    public record ConfigurationKey(String key, String value, Boolean readonly, Instant updatedAt) {}

    public record LocalListEntry(String idTag, String idTagInfoJson) {}

    private final JdbcClient jdbc;

    public ConfigurationService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores keys; a null {@code readonly} keeps what was known. */
    public void saveKeys(Tx tx, String stationId, List<ConfigurationKey> keys) {
        Instant now = Instant.now();
        for (ConfigurationKey k : keys) {
            int updated = tx.jdbc().sql("""
                    UPDATE configuration_key SET config_value = ?, readonly = COALESCE(?, readonly), updated_at = ?
                    WHERE station_id = ? AND config_key = ?""")
                    .params(k.value(), k.readonly(), ts(now), stationId, k.key()).update();
            if (updated == 0) {
                tx.jdbc().sql("INSERT INTO configuration_key (station_id, config_key, config_value, readonly, updated_at) VALUES (?, ?, ?, ?, ?)")
                        .params(stationId, k.key(), k.value(), k.readonly(), ts(now)).update();
            }
        }
    }

    public List<ConfigurationKey> keys(String stationId) {
        return jdbc.sql("SELECT * FROM configuration_key WHERE station_id = ? ORDER BY config_key").param(stationId)
                .query((rs, n) -> new ConfigurationKey(rs.getString("config_key"), rs.getString("config_value"),
                        (Boolean) rs.getObject("readonly"), instant(rs, "updated_at")))
                .list();
    }

    public void localListVersion(Tx tx, String stationId, int version) {
        tx.jdbc().sql("UPDATE station SET local_list_version = ? WHERE id = ?").params(version, stationId).update();
    }

    /** A full list replaces the stored one; a differential one adds, updates, and removes entries without info. */
    public void localListUpdated(Tx tx, String stationId, int version, boolean full, List<LocalListEntry> entries) {
        if (full) tx.jdbc().sql("DELETE FROM local_list_entry WHERE station_id = ?").param(stationId).update();
        for (LocalListEntry e : entries) {
            tx.jdbc().sql("DELETE FROM local_list_entry WHERE station_id = ? AND id_tag = ?").params(stationId, e.idTag()).update();
            if (e.idTagInfoJson() != null)
                tx.jdbc().sql("INSERT INTO local_list_entry (station_id, id_tag, id_tag_info) VALUES (?, ?, ?)")
                        .params(stationId, e.idTag(), e.idTagInfoJson()).update();
        }
        localListVersion(tx, stationId, version);
    }

    public List<LocalListEntry> localList(String stationId) {
        return jdbc.sql("SELECT id_tag, id_tag_info FROM local_list_entry WHERE station_id = ? ORDER BY id_tag").param(stationId)
                .query((rs, n) -> new LocalListEntry(rs.getString(1), rs.getString(2))).list();
    }
}
