package org.ladewerk.server.stats;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.server.session.ChargingSession;
import org.ladewerk.server.session.SessionTracker;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Charging statistics kept in the database: sessions and energy per UTC day, station, id tag and user,
 * added to in the store unit that completes a session (so a statistic is exactly as durable as the
 * session), once per session whatever happens ({@code charging_stats_session} remembers what was
 * counted). Queries read the small daily table, never the sessions.
 */
@Service
public class ChargingStats {

    public enum GroupBy { day, month }

    public enum By { user, station, tag }

    /** One bar of a chart: {@code period} is 2026-11-29 or 2026-11, {@code key} a username, station id or id tag ('' for none). */
    public record Row(String period, String key, long sessions, long energyWh) {}

    private final JdbcClient jdbc;

    public ChargingStats(JdbcClient jdbc, SessionTracker tracker) {
        this.jdbc = jdbc;
        tracker.addCompletionListener(this::completed);
    }

    void completed(Tx tx, ChargingSession s) {
        int first = tx.jdbc().sql("INSERT INTO charging_stats_session (session_id) SELECT ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM charging_stats_session WHERE session_id = ?)").params(s.id(), s.id()).update();
        if (first == 0) return;
        String tag = s.idTag() == null ? "" : s.idTag();
        long user = s.idTag() == null ? 0 : tx.jdbc().sql("SELECT user_id FROM app_user_tag WHERE id_tag = ?").param(tag)
                .query(Long.class).optional().orElse(0L);
        LocalDate day = LocalDate.ofInstant(s.pluggedInAt(), ZoneOffset.UTC);
        long energy = s.energyWh() == null ? 0 : s.energyWh();
        int updated = tx.jdbc().sql("""
                UPDATE charging_stats_daily SET sessions = sessions + 1, energy_wh = energy_wh + ?
                WHERE stat_day = ? AND station_id = ? AND id_tag = ? AND user_id = ?""").params(energy, day, s.stationId(), tag, user).update();
        if (updated == 0)
            tx.jdbc().sql("INSERT INTO charging_stats_daily (stat_day, station_id, id_tag, user_id, sessions, energy_wh) VALUES (?, ?, ?, ?, 1, ?)")
                    .params(day, s.stationId(), tag, user, energy).update();
    }

    /**
     * Sessions and energy per day or month and per user or station, oldest first; {@code from} and
     * {@code to} are UTC days, both included. By user, sessions whose tag belongs to no user are left out.
     */
    public List<Row> query(GroupBy groupBy, By by, LocalDate from, LocalDate to, String onlyKey) {
        String key = switch (by) {
            case user -> "u.username";
            case station -> "d.station_id";
            case tag -> "d.id_tag";
        };
        // the day as text, cut to the month when grouping by month: the same SQL on H2 and PostgreSQL
        String period = groupBy == GroupBy.day ? "CAST(d.stat_day AS VARCHAR(10))" : "SUBSTRING(CAST(d.stat_day AS VARCHAR(10)), 1, 7)";
        var sql = new StringBuilder("SELECT " + period + " AS period, " + key + " AS k, SUM(d.sessions) AS sessions, "
                + "SUM(d.energy_wh) AS energy FROM charging_stats_daily d");
        if (by == By.user) sql.append(" JOIN app_user u ON u.id = d.user_id");
        sql.append(" WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (from != null) { sql.append(" AND d.stat_day >= ?"); args.add(from); }
        if (to != null) { sql.append(" AND d.stat_day <= ?"); args.add(to); }
        if (onlyKey != null) { sql.append(" AND ").append(key).append(" = ?"); args.add(onlyKey); }
        sql.append(" GROUP BY ").append(period).append(", ").append(key).append(" ORDER BY period, k");
        return jdbc.sql(sql.toString()).params(args)
                .query((rs, n) -> new Row(rs.getString("period"), rs.getString("k"), rs.getLong("sessions"), rs.getLong("energy"))).list();
    }
}
