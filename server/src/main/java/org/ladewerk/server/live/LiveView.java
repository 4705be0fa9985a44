package org.ladewerk.server.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.Sql;
import org.ladewerk.server.transaction.MeterSample;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Live values of every station and EVSE (online, status, error, power, energy of the running session,
 * firmware, last seen) in memory, fed by the event bus after commit. Status snapshots, the app API and
 * the energy manager read this instead of the database. It is filled once from the database at start
 * (what happened before this node ran) and then only from events; {@link #version()} moves with every
 * change, so readers can skip work when nothing changed.
 */
@Component
public class LiveView implements SmartLifecycle {

    private final EventBus events;
    private final JdbcClient jdbc;
    private final Map<String, LiveStation> stations = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final List<Consumer<StationEvent>> changeListeners = new CopyOnWriteArrayList<>();
    private EventBus.Subscription subscription;

    public LiveView(EventBus events, JdbcClient jdbc) {
        this.events = events;
        this.jdbc = jdbc;
    }

    /**
     * Calls {@code listener} with each event that changed a live value, once the change is visible here
     * (so what it reads is current). It runs on the view's event thread: it must not block.
     */
    public void onChange(Consumer<StationEvent> listener) {
        changeListeners.add(listener);
    }

    public long version() {
        return version.get();
    }

    public Collection<LiveStation> stations() {
        return stations.values();
    }

    public LiveStation station(String id) {
        return stations.get(id);
    }

    private LiveStation of(String id) {
        return stations.computeIfAbsent(id, LiveStation::new);
    }

    void apply(StationEvent event) {
        if (event.stationId() == null) return; // site-wide events (site.updated) concern no station
        if (event instanceof StationEvent.Frame f) {
            if (f.inbound()) of(f.stationId()).seen(f.at()); // last seen is no change worth a new snapshot
            return;
        }
        LiveStation s = of(event.stationId());
        switch (event) {
            case StationEvent.Connected c -> s.online(true, c.at());
            case StationEvent.Disconnected d -> s.online(false, null);
            case StationEvent.Booted b -> s.booted(b.firmwareVersion(), b.at());
            case StationEvent.StatusChanged c -> s.status(c.evseId(), c.connectorId(), c.status(), c.errorCode(), c.at());
            case StationEvent.TransactionStarted t -> s.evse(t.evseId()).started(t.transactionId());
            case StationEvent.TransactionStopped t -> s.stopped(t.transactionId());
            case StationEvent.MeterSampled m -> sampled(s, m);
            default -> {
                return;
            }
        }
        version.incrementAndGet();
        for (Consumer<StationEvent> l : changeListeners) l.accept(event);
    }

    private void sampled(LiveStation s, StationEvent.MeterSampled m) {
        LiveStation.Evse evse = s.evse(m.evseId());
        for (MeterSample sample : m.samples()) {
            if (sample.phase() != null) continue;
            String measurand = sample.measurandOrDefault();
            // only these two are shown: the other values are not parsed
            boolean power = "Power.Active.Import".equals(measurand);
            if (!power && !MeterSample.ENERGY_REGISTER.equals(measurand)) continue;
            Double v = sample.numericValue();
            if (v == null) continue;
            double scaled = sample.unit() != null && sample.unit().startsWith("k") ? v * 1000 : v;
            if (power) evse.power(scaled);
            else {
                if (m.transactionId() != null && evse.transactionId() == null) evse.started(m.transactionId());
                if (evse.transactionId() != null && !evse.hasMeterStart()) evse.meterStart(meterStart(evse.transactionId(), scaled));
                evse.register(scaled);
            }
        }
        s.seen(m.at());
    }

    /** The transaction's start reading, asked once per transaction; the first reading seen when it has none. */
    private double meterStart(long transactionId, double fallback) {
        return jdbc.sql("SELECT meter_start_wh FROM charging_transaction WHERE id = ?").param(transactionId)
                .query((rs, n) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? fallback : (double) v;
                }).optional().orElse(fallback);
    }

    private void load() {
        jdbc.sql("""
                SELECT id, firmware_version, last_seen_at, connected_at, disconnected_at FROM station""")
                .query(rs -> {
                    LiveStation s = of(rs.getString("id"));
                    s.booted(rs.getString("firmware_version"), null);
                    s.seen(Sql.instant(rs, "last_seen_at"));
                });
        jdbc.sql("SELECT station_id, evse_id, connector_id, status, error_code, status_at FROM connector_status")
                .query(rs -> {
                    of(rs.getString("station_id")).status(rs.getInt("evse_id"), rs.getInt("connector_id"), rs.getString("status"),
                            rs.getString("error_code"), Sql.instant(rs, "status_at"));
                });
        jdbc.sql("SELECT id, station_id, evse_id, meter_start_wh, meter_stop_wh FROM charging_transaction WHERE stop_at IS NULL")
                .query(rs -> {
                    LiveStation.Evse evse = of(rs.getString("station_id")).evse(rs.getInt("evse_id"));
                    evse.started(rs.getLong("id"));
                    long start = rs.getLong("meter_start_wh");
                    if (!rs.wasNull()) evse.meterStart(start);
                    long stop = rs.getLong("meter_stop_wh");
                    if (!rs.wasNull()) evse.register(stop);
                });
        version.incrementAndGet();
    }

    @Override
    public void start() {
        subscription = events.subscribe("live-view", 100_000, this::apply);
        load(); // after subscribing: an event in between is applied twice at worst, never missed
    }

    @Override
    public void stop() {
        if (subscription != null) subscription.close();
        subscription = null; // so a restart (a paused test context resumed, a lifecycle restart) subscribes again
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
