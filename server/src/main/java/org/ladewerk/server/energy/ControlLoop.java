package org.ladewerk.server.energy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ladewerk.server.live.LiveStation;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.site.SiteView;
import org.ladewerk.server.store.JobLock;
import org.ladewerk.server.worker.Periodic;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The energy manager's loop: every {@code ladewerk.energy.interval}, on the one node holding the
 * {@code energy-manager} job lock, it reads the live site model and the live EVSE values from memory,
 * the modes and the last decisions from the database, runs the {@link Allocator}, stores the decisions
 * that changed and sends the limits that changed. Everything it remembers between rounds is in the
 * database, so another node that takes the lock over continues with the same state.
 */
@Component
class ControlLoop implements SmartLifecycle {

    static final String LOCK = "energy-manager";
    private static final Set<String> VEHICLE_STATES = Set.of("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Occupied");

    private final EnergyProperties properties;
    private final SiteModel site;
    private final LiveView live;
    private final EvseSettings settings;
    private final Decisions decisions;
    private final ProfileSender sender;
    private final JobLock lock;
    private final Timer roundTimer;
    private volatile Periodic worker;

    ControlLoop(EnergyProperties properties, SiteModel site, LiveView live, EvseSettings settings, Decisions decisions, ProfileSender sender,
                JobLock lock, MeterRegistry metrics) {
        this.properties = properties;
        this.site = site;
        this.live = live;
        this.settings = settings;
        this.decisions = decisions;
        this.sender = sender;
        this.lock = lock;
        this.roundTimer = Timer.builder("ladewerk.energy.round").description("One control round of the energy manager").register(metrics);
    }

    /** One round at {@code now}: the decisions it made. */
    List<Decision> round(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS); // as stored, so an unchanged decision compares equal
        var stored = new HashMap<EvseKey, Decisions.Stored>();
        var previous = new HashMap<EvseKey, Decision>();
        for (Decisions.Stored s : decisions.all()) {
            stored.put(s.decision().key(), s);
            previous.put(s.decision().key(), s.decision());
        }
        Map<EvseKey, EvseSetting> modes = settings.all();
        List<LiveStation.Snapshot> stations = managedStations(properties, live);
        Allocator.Result result = roundTimer.record(() ->
                Allocator.allocate(properties.rules(), siteInput(site.view()), inputs(properties, stations, modes), previous, at));
        for (LiveStation.Snapshot s : stations) {
            // only to a station that reported its EVSEs, i.e. one that booted: nothing is sent before its BootNotification
            if (!s.online() || s.evses().stream().anyMatch(e -> e.evseId() > 0)) sender.ensureFallback(s.stationId(), s.online(), properties.fallbackCurrentA());
        }
        var online = new HashMap<String, Boolean>();
        stations.forEach(s -> online.put(s.stationId(), s.online()));
        for (Decision d : result.decisions()) {
            Decisions.Stored before = stored.get(d.key());
            if (before == null || !sameDecision(before.decision(), d)) decisions.save(d);
            if (online.getOrDefault(d.key().stationId(), false)) sender.apply(d, before);
        }
        return result.decisions();
    }

    /** Snapshots of the stations the manager controls ({@code ladewerk.energy.stations}, empty: all). */
    static List<LiveStation.Snapshot> managedStations(EnergyProperties properties, LiveView live) {
        var list = new ArrayList<LiveStation.Snapshot>();
        for (LiveStation s : live.stations()) {
            LiveStation.Snapshot snapshot = s.snapshot();
            if (properties.stations().isEmpty() || properties.stations().contains(snapshot.stationId())) list.add(snapshot);
        }
        return list;
    }

    static Allocator.Site siteInput(SiteView view) {
        return new Allocator.Site(view.fresh(SiteQuantity.GRID_POWER), view.fresh(SiteQuantity.BATTERY_POWER), view.fresh(SiteQuantity.BATTERY_SOC));
    }

    /** The allocation's view of every EVSE of the managed stations, with its stored mode or the defaults. */
    static List<Allocator.Evse> inputs(EnergyProperties p, List<LiveStation.Snapshot> stations, Map<EvseKey, EvseSetting> modes) {
        var list = new ArrayList<Allocator.Evse>();
        for (LiveStation.Snapshot s : stations) {
            for (LiveStation.EvseSnapshot e : s.evses()) {
                if (e.evseId() <= 0) continue;
                EvseKey key = new EvseKey(s.stationId(), e.evseId());
                EvseSetting m = modes.getOrDefault(key, defaults(p, key));
                boolean vehicle = e.transactionId() != null || e.connectors().stream().anyMatch(c -> VEHICLE_STATES.contains(c.status()));
                list.add(new Allocator.Evse(key, m.mode(), m.minCurrentA(), m.maxCurrentA(), m.priority(), m.phaseSwitching(),
                        p.circuitOf(key), s.online(), vehicle, e.powerW() == null ? 0 : e.powerW()));
            }
        }
        return list;
    }

    static EvseSetting defaults(EnergyProperties p, EvseKey key) {
        return new EvseSetting(key.stationId(), key.evseId(), p.defaultMode(), p.minCurrentA(), p.maxCurrentA(), 0, false);
    }

    private static boolean sameDecision(Decision a, Decision b) {
        return a.equals(new Decision(b.key(), b.limitA(), b.phases(), b.reason(), b.detail(), b.pvEnabled(), b.pendingSince(),
                b.phasesSince(), b.limitSince(), b.vehicleCapA(), a.at()));
    }

    @Override
    public void start() {
        if (!properties.enabled()) return;
        worker = Periodic.start("energy-manager", properties.interval(), properties.interval(), () -> {
            if (lock.tryHold(LOCK, properties.interval().multipliedBy(3))) round(Instant.now());
        });
    }

    @Override
    public void stop() {
        if (worker != null) worker.close();
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
