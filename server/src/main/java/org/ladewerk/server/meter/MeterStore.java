package org.ladewerk.server.meter;

import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ladewerk.server.store.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The meters, their markers and their readings, in explicit SQL that runs on H2 and PostgreSQL.
 * Claiming a meter is a conditional update of its lease, so with several nodes on one database each
 * due meter is imported by one of them. Readings are upserted (update, then insert what was
 * missing) in one transaction with the marker that covers them: a value is never stored twice, and
 * a marker never gets ahead of the data it stands for.
 */
@Repository
public class MeterStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    public MeterStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
    }

    /**
     * Stores a consented meter, or makes a known one active again under its (new) owner. A known
     * meter keeps its markers and readings, so a renewed consent resumes where the import stopped.
     */
    public void consented(String usagePointId, String owner, Instant now, LocalDate today) {
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("""
                    UPDATE meter SET owner = ?, status = 'ACTIVE', next_import_at = ?, last_error = NULL, last_error_at = NULL,
                    lease_until = NULL WHERE usage_point_id = ?""")
                    .params(owner, ts(now), usagePointId).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO meter (usage_point_id, owner, status, created_at, next_import_at) VALUES (?, ?, 'ACTIVE', ?, ?)")
                        .params(usagePointId, owner, ts(now), ts(now)).update();
            }
            for (Series series : Series.values()) {
                if (marker(usagePointId, series).isEmpty()) {
                    jdbc.sql("INSERT INTO meter_marker (usage_point_id, series, fetched_until) VALUES (?, ?, ?)")
                            .params(usagePointId, series.name(), ImportWindows.initialMarker(series, today)).update();
                }
            }
        });
    }

    public List<Meter> list() {
        return jdbc.sql("SELECT * FROM meter ORDER BY usage_point_id").query(this::meter).list().stream()
                .map(this::withMarkers).toList();
    }

    public Optional<Meter> find(String usagePointId) {
        return jdbc.sql("SELECT * FROM meter WHERE usage_point_id = ?").param(usagePointId).query(this::meter).optional()
                .map(this::withMarkers);
    }

    /** Active meters whose import is due, the longest waiting first. */
    public List<String> due(Instant now) {
        return jdbc.sql("""
                SELECT usage_point_id FROM meter WHERE status = 'ACTIVE' AND next_import_at <= ?
                AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_import_at, usage_point_id""")
                .params(ts(now), ts(now)).query(String.class).list();
    }

    /** True when this node won the meter until {@code until}; another node's live lease wins. */
    public boolean claim(String usagePointId, String node, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE meter SET lease_owner = ?, lease_until = ? WHERE usage_point_id = ? AND status = 'ACTIVE'
                AND next_import_at <= ? AND (lease_until IS NULL OR lease_until < ?)""")
                .params(node, ts(until), usagePointId, ts(now), ts(now)).update() == 1;
    }

    /** Ends a run: the next slot, and the run's error (null: it succeeded). */
    public void release(String usagePointId, Instant next, String error, Instant now) {
        if (error == null) {
            jdbc.sql("""
                    UPDATE meter SET lease_owner = NULL, lease_until = NULL, next_import_at = ?, last_import_at = ?,
                    last_error = NULL, last_error_at = NULL WHERE usage_point_id = ?""")
                    .params(ts(next), ts(now), usagePointId).update();
        } else {
            jdbc.sql("""
                    UPDATE meter SET lease_owner = NULL, lease_until = NULL, next_import_at = ?, last_error = ?, last_error_at = ?
                    WHERE usage_point_id = ?""")
                    .params(ts(next), truncate(error), ts(now), usagePointId).update();
        }
    }

    public void consentLost(String usagePointId, Meter.Status status, String error, Instant now) {
        jdbc.sql("""
                UPDATE meter SET status = ?, lease_owner = NULL, lease_until = NULL, last_error = ?, last_error_at = ?
                WHERE usage_point_id = ?""")
                .params(status.name(), truncate(error), ts(now), usagePointId).update();
    }

    public void produces(String usagePointId, boolean produces) {
        jdbc.sql("UPDATE meter SET produces = ? WHERE usage_point_id = ?").params(produces, usagePointId).update();
    }

    /** Moves every marker back to {@code from} (never forward) and makes the meter due now. */
    public boolean reimport(String usagePointId, LocalDate from, Instant now) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (jdbc.sql("UPDATE meter SET next_import_at = ? WHERE usage_point_id = ?").params(ts(now), usagePointId).update() == 0)
                return false;
            jdbc.sql("UPDATE meter_marker SET fetched_until = ? WHERE usage_point_id = ? AND fetched_until > ?")
                    .params(from, usagePointId, from).update();
            return true;
        }));
    }

    public Optional<LocalDate> marker(String usagePointId, Series series) {
        return jdbc.sql("SELECT fetched_until FROM meter_marker WHERE usage_point_id = ? AND series = ?")
                .params(usagePointId, series.name()).query(LocalDate.class).optional();
    }

    /** Stores a window's readings and moves the marker, together. */
    public void store(String usagePointId, Series series, List<Reading> readings, LocalDate marker) {
        tx.executeWithoutResult(s -> {
            if (!readings.isEmpty()) upsert(usagePointId, series, readings);
            jdbc.sql("UPDATE meter_marker SET fetched_until = ? WHERE usage_point_id = ? AND series = ?")
                    .params(marker, usagePointId, series.name()).update();
        });
    }

    private void upsert(String usagePointId, Series series, List<Reading> response) {
        // one value per instant: the hour that repeats when clocks go back comes twice with the same local time
        var byTs = new LinkedHashMap<Instant, Reading>();
        for (Reading r : response) byTs.put(r.ts(), r);
        List<Reading> readings = List.copyOf(byTs.values());
        int[] updated = template.batchUpdate("UPDATE meter_reading SET reading = ? WHERE usage_point_id = ? AND series = ? AND ts = ?",
                readings.stream().map(r -> new Object[] {r.value(), usagePointId, series.name(), ts(r.ts())}).toList());
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            if (updated[i] == 0) missing.add(new Object[] {usagePointId, series.name(), ts(readings.get(i).ts()), readings.get(i).value()});
        }
        if (!missing.isEmpty())
            template.batchUpdate("INSERT INTO meter_reading (usage_point_id, series, ts, reading) VALUES (?, ?, ?, ?)", missing);
    }

    /** Readings in {@code [from, to)}, oldest first. */
    public List<Reading> readings(String usagePointId, Series series, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT ts, reading FROM meter_reading WHERE usage_point_id = ? AND series = ? AND ts >= ? AND ts < ? ORDER BY ts""")
                .params(usagePointId, series.name(), ts(from), ts(to))
                .query((rs, n) -> new Reading(Sql.instant(rs, "ts"), rs.getLong("reading"))).list();
    }

    private Meter meter(ResultSet rs, int n) throws SQLException {
        Boolean produces = rs.getBoolean("produces");
        if (rs.wasNull()) produces = null;
        return new Meter(rs.getString("usage_point_id"), rs.getString("owner"), Meter.Status.valueOf(rs.getString("status")), produces,
                Sql.instant(rs, "created_at"), Sql.instant(rs, "next_import_at"), Sql.instant(rs, "last_import_at"),
                rs.getString("last_error"), Sql.instant(rs, "last_error_at"), Map.of());
    }

    private Meter withMarkers(Meter m) {
        Map<Series, LocalDate> markers = new EnumMap<>(Series.class);
        jdbc.sql("SELECT series, fetched_until FROM meter_marker WHERE usage_point_id = ?").param(m.usagePointId())
                .query(rs -> {
                    markers.put(Series.valueOf(rs.getString(1)), rs.getObject(2, LocalDate.class));
                });
        return new Meter(m.usagePointId(), m.owner(), m.status(), m.produces(), m.createdAt(), m.nextImportAt(), m.lastImportAt(),
                m.lastError(), m.lastErrorAt(), markers);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
