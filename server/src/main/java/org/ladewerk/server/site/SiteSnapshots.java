package org.ladewerk.server.site;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores the site every {@code ladewerk.site.snapshot-interval}, from memory, at the start of each
 * interval slot: the points of the history are evenly spaced whatever the sources did in between. The
 * slot is the row's key, so several nodes sampling the same slot store it once (the others' inserts are
 * refused and ignored) with no lock. A failed write is logged and the next slot tried; it never stops.
 */
@Component
public class SiteSnapshots implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SiteSnapshots.class);
    /** The columns in storage order, with the quantity each holds (null: total charging power). */
    private static final Map<String, SiteQuantity> COLUMNS = columns();
    /** Most points one history request may return. */
    public static final int MAX_POINTS = 10_000;

    private final SiteModel model;
    private final JdbcClient jdbc;
    private final Duration interval;
    private final Ticker ticker;

    SiteSnapshots(SiteModel model, JdbcClient jdbc, SiteProperties properties) {
        this.model = model;
        this.jdbc = jdbc;
        this.interval = properties.snapshotInterval();
        long ms = interval.toMillis();
        // at each slot's start, so a snapshot is the slot's latest values
        this.ticker = Ticker.every("site-snapshots", Duration.ofMillis(ms - model.now().toEpochMilli() % ms), interval, this::snapshot);
    }

    private static Map<String, SiteQuantity> columns() {
        var c = new LinkedHashMap<String, SiteQuantity>();
        c.put("grid_power_w", SiteQuantity.GRID_POWER);
        c.put("pv_power_w", SiteQuantity.PV_POWER);
        c.put("battery_power_w", SiteQuantity.BATTERY_POWER);
        c.put("battery_soc", SiteQuantity.BATTERY_SOC);
        c.put("house_power_w", SiteQuantity.HOUSE_POWER);
        c.put("charging_power_w", null);
        c.put("grid_import_wh", SiteQuantity.GRID_IMPORT_ENERGY);
        c.put("grid_export_wh", SiteQuantity.GRID_EXPORT_ENERGY);
        c.put("pv_energy_total_wh", SiteQuantity.PV_ENERGY_TOTAL);
        return c;
    }

    void snapshot() {
        try {
            SiteView view = model.view();
            long ms = interval.toMillis();
            Instant slot = Instant.ofEpochMilli(Math.floorDiv(view.at().toEpochMilli() + ms / 2, ms) * ms);
            var args = new ArrayList<Object>();
            args.add(ts(slot));
            COLUMNS.values().forEach(q -> args.add(q == null ? view.chargingPower() : view.fresh(q)));
            jdbc.sql("INSERT INTO site_snapshot (slot_at, " + String.join(", ", COLUMNS.keySet()) + ") VALUES (?"
                    + ", ?".repeat(COLUMNS.size()) + ")").params(args).update();
        } catch (DuplicateKeyException e) {
            // another node stored this slot
        } catch (RuntimeException e) {
            log.warn("site snapshot not stored; trying again at the next interval", e);
        }
    }

    /** One point of the history: the time and each stored value (null where unknown). */
    public record Point(Instant at, Map<String, Double> values) {}

    /**
     * Snapshots from {@code from} (inclusive) to {@code to} (exclusive), averaged over buckets of
     * {@code step} (at least the snapshot interval); buckets are whole multiples of the step since the
     * epoch (a 1 h step gives points on the full hour, UTC), each point at its bucket's start.
     */
    public List<Point> history(Instant from, Instant to, Duration step) {
        long stepMs = Math.max(step.toMillis(), interval.toMillis());
        var points = new ArrayList<Point>();
        var sums = new double[COLUMNS.size()];
        var counts = new int[COLUMNS.size()];
        long[] bucket = {Long.MIN_VALUE};
        jdbc.sql("SELECT * FROM site_snapshot WHERE slot_at >= ? AND slot_at < ? ORDER BY slot_at")
                .params(ts(from), ts(to))
                .query((RowCallbackHandler) rs -> {
                    long at = instant(rs, "slot_at").toEpochMilli();
                    long b = Math.floorDiv(at, stepMs) * stepMs;
                    if (b != bucket[0] && bucket[0] != Long.MIN_VALUE) points.add(point(bucket[0], sums, counts));
                    bucket[0] = b;
                    int i = 0;
                    for (String column : COLUMNS.keySet()) add(rs, column, i++, sums, counts);
                });
        if (bucket[0] != Long.MIN_VALUE) points.add(point(bucket[0], sums, counts));
        return points;
    }

    private static void add(ResultSet rs, String column, int i, double[] sums, int[] counts) {
        try {
            double v = rs.getDouble(column);
            if (rs.wasNull()) return;
            sums[i] += v;
            counts[i]++;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Point point(long bucket, double[] sums, int[] counts) {
        var values = new LinkedHashMap<String, Double>();
        int i = 0;
        for (var e : COLUMNS.entrySet()) {
            String key = e.getValue() == null ? "chargingPower" : e.getValue().group() + "." + e.getValue().field();
            values.put(key, counts[i] == 0 ? null : Math.round(sums[i] / counts[i] * 10) / 10.0);
            sums[i] = 0;
            counts[i++] = 0;
        }
        return new Point(Instant.ofEpochMilli(bucket), values);
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public void destroy() {
        ticker.close();
    }
}
