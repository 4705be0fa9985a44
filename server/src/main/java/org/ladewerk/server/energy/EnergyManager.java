package org.ladewerk.server.energy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteView;
import org.springframework.stereotype.Service;

/**
 * What the rest of Ladewerk (REST API, web UI, driver-app presets) asks of the energy manager: the mode
 * of an EVSE, and the current allocation with the reason for each limit. The control loop itself is
 * {@link ControlLoop}; this reads what it stored, so every node answers the same.
 */
@Service
public class EnergyManager {

    private final EnergyProperties properties;
    private final EvseSettings settings;
    private final Decisions decisions;
    private final LiveView live;
    private final SiteModel site;

    EnergyManager(EnergyProperties properties, EvseSettings settings, Decisions decisions, LiveView live, SiteModel site) {
        this.properties = properties;
        this.settings = settings;
        this.decisions = decisions;
        this.live = live;
        this.site = site;
    }

    /** The EVSE's setting: stored, or the defaults of {@code ladewerk.energy.*}. */
    public EvseSetting setting(String stationId, int evseId) {
        EvseKey key = new EvseKey(stationId, evseId);
        return settings.find(key).orElseGet(() -> ControlLoop.defaults(properties, key));
    }

    /** Sets only the mode (what a driver-app preset does), keeping the EVSE's currents and priority; the next round applies it. */
    public EvseSetting setMode(String stationId, int evseId, EvseMode mode) {
        EvseSetting s = setting(stationId, evseId);
        return configure(new EvseSetting(stationId, evseId, mode, s.minCurrentA(), s.maxCurrentA(), s.priority(), s.phaseSwitching()));
    }

    /** Whether the control loop runs and controls this station's EVSEs (then it alone sets their limits). */
    public boolean manages(String stationId) {
        return properties.enabled() && (properties.stations().isEmpty() || properties.stations().contains(stationId));
    }

    /**
     * A driver's preset on an EVSE this manager controls: its mode, and its {@code maxCurrentA} as the
     * EVSE's ceiling when given. A TxProfile of its own would override the manager's limits.
     */
    public EvseSetting applyPreset(String stationId, int evseId, EvseMode mode, Double maxCurrentA) {
        EvseSetting s = setting(stationId, evseId);
        double max = maxCurrentA == null ? s.maxCurrentA() : maxCurrentA;
        return configure(new EvseSetting(stationId, evseId, mode, Math.min(s.minCurrentA(), max), max, s.priority(), s.phaseSwitching()));
    }

    /** Stores a whole setting; IllegalArgumentException when it is not usable. */
    public EvseSetting configure(EvseSetting s) {
        if (s.evseId() < 1) throw new IllegalArgumentException("evseId must be 1 or more");
        String problem = s.problem();
        if (problem != null) throw new IllegalArgumentException(problem);
        settings.save(s);
        return s;
    }

    /** One EVSE in the allocation: its setting, the last decision (null before the first round) and what the station accepted. */
    public record EvseAllocation(String stationId, int evseId, EvseMode mode, double minCurrentA, double maxCurrentA, int priority,
                                 boolean phaseSwitching, boolean online, double drawnW, Double limitA, Integer phases, Reason reason,
                                 String detail, Instant decidedAt, Double sentLimitA, Instant sentAt) {}

    public record Allocation(boolean enabled, Instant at, double siteLimitA, Map<String, Double> circuitLimitsA, Double surplusW,
                             Double chargingW, List<EvseAllocation> evses) {}

    /** Every managed EVSE with its mode, limit and reason, and the site's surplus as of now. */
    public Allocation allocation() {
        var stored = new HashMap<EvseKey, Decisions.Stored>();
        decisions.all().forEach(s -> stored.put(s.decision().key(), s));
        var list = new ArrayList<EvseAllocation>();
        double charging = 0;
        for (Allocator.Evse e : ControlLoop.inputs(properties, ControlLoop.managedStations(properties, live), settings.all())) {
            if (e.online()) charging += e.drawnW();
            Decisions.Stored s = stored.get(e.key());
            Decision d = s == null ? null : s.decision();
            list.add(new EvseAllocation(e.key().stationId(), e.key().evseId(), e.mode(), e.minA(), e.maxA(), e.priority(), e.phaseSwitching(),
                    e.online(), e.drawnW(), d == null ? null : d.limitA(), d == null ? null : d.phases(), d == null ? null : d.reason(),
                    d == null ? null : d.detail(), d == null ? null : d.at(), s == null ? null : s.sentLimitA(), s == null ? null : s.sentAt()));
        }
        list.sort(Comparator.comparing((EvseAllocation a) -> a.stationId()).thenComparingInt(EvseAllocation::evseId));
        SiteView view = site.view();
        Allocator.Site input = ControlLoop.siteInput(view);
        Double surplus = input.gridW() == null ? null : Allocator.surplus(properties.rules(), input, charging);
        return new Allocation(properties.enabled(), view.at(), properties.siteLimitA(), properties.rules().circuitLimitsA(), surplus,
                charging, list);
    }
}
