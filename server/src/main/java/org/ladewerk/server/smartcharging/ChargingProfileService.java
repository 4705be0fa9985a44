package org.ladewerk.server.smartcharging;

import static org.ladewerk.server.store.Sql.bigint;
import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Charging profiles installed on stations (those the station accepted). */
@Service
public class ChargingProfileService {

    /** {@code profileJson} is the profile exactly as sent to the station. */
    public record ChargingProfile(String stationId, int profileId, int evseId, int stackLevel, String purpose, String kind,
                                  Long transactionId, Instant validFrom, Instant validTo, String profileJson, Instant installedAt) {}

    /** ClearChargingProfile criteria; null fields match anything. */
    public record ClearCriteria(Integer profileId, Integer evseId, String purpose, Integer stackLevel) {}

    private final JdbcClient jdbc;

    public ChargingProfileService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A profile with the same id, or the same EVSE, purpose and stack level, is replaced (as on the station). */
    public void installed(Tx tx, ChargingProfile p) {
        tx.jdbc().sql("DELETE FROM charging_profile WHERE station_id = ? AND (profile_id = ? OR (evse_id = ? AND purpose = ? AND stack_level = ?))")
                .params(p.stationId(), p.profileId(), p.evseId(), p.purpose(), p.stackLevel()).update();
        tx.jdbc().sql("""
                INSERT INTO charging_profile (station_id, profile_id, evse_id, stack_level, purpose, kind, transaction_id,
                  valid_from, valid_to, profile_json, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.stationId(), p.profileId(), p.evseId(), p.stackLevel(), p.purpose(), p.kind(), p.transactionId(),
                        ts(p.validFrom()), ts(p.validTo()), p.profileJson(), ts(Instant.now())).update();
    }

    public int cleared(Tx tx, String stationId, ClearCriteria c) {
        var sql = new StringBuilder("DELETE FROM charging_profile WHERE station_id = ?");
        var args = new ArrayList<Object>(List.of(stationId));
        if (c.profileId() != null) { sql.append(" AND profile_id = ?"); args.add(c.profileId()); }
        if (c.evseId() != null) { sql.append(" AND evse_id = ?"); args.add(c.evseId()); }
        if (c.purpose() != null) { sql.append(" AND purpose = ?"); args.add(c.purpose()); }
        if (c.stackLevel() != null) { sql.append(" AND stack_level = ?"); args.add(c.stackLevel()); }
        return tx.jdbc().sql(sql.toString()).params(args).update();
    }

    public List<ChargingProfile> list(String stationId) {
        var sql = "SELECT * FROM charging_profile" + (stationId == null ? "" : " WHERE station_id = ?") + " ORDER BY station_id, evse_id, stack_level";
        var query = jdbc.sql(sql);
        if (stationId != null) query = query.param(stationId);
        return query.query((rs, n) -> new ChargingProfile(rs.getString("station_id"), rs.getInt("profile_id"), rs.getInt("evse_id"),
                rs.getInt("stack_level"), rs.getString("purpose"), rs.getString("kind"), bigint(rs, "transaction_id"),
                instant(rs, "valid_from"), instant(rs, "valid_to"), rs.getString("profile_json"), instant(rs, "installed_at"))).list();
    }
}
