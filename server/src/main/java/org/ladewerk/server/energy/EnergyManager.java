package org.ladewerk.server.energy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ladewerk.server.live.LiveStation;
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
                                 boolean phaseSwitching, boolean online, Double drawnW, Double limitA, Integer phases, Reason reason,
                                 String detail, Instant decidedAt, Double sentLimitA, Instant sentAt) {}

    public record Allocation(boolean enabled, Instant at, double siteLimitA, Map<String, Double> circuitLimitsA, Double surplusW,
                             Double chargingW, List<EvseAllocation> evses) {}

    /** Every managed EVSE with its mode, limit and reason, and the site's surplus as of now. */
    public Allocation allocation() {
        Map<EvseKey, EvseSetting> modes = settings.all();
        var stored = new java.util.HashMap<EvseKey, Decisions.Stored>();
        decisions.all().forEach(s -> stored.put(s.decision().key(), s));
        var list = new ArrayList<EvseAllocation>();
        double charging = 0;
        for (LiveStation station : live.stations()) {
            LiveStation.Snapshot s = station.snapshot();
            if (!properties.stations().isEmpty() && !properties.stations().contains(s.stationId())) continue;
            for (LiveStation.EvseSnapshot e : s.evses()) {
                if (e.evseId() <= 0) continue;
                EvseKey key = new EvseKey(s.stationId(), e.evseId());
                EvseSetting m = modes.getOrDefault(key, ControlLoop.defaults(properties, key));
                Decisions.Stored d = stored.get(key);
                if (s.online() && e.powerW() != null) charging += e.powerW();
                list.add(new EvseAllocation(key.stationId(), key.evseId(), m.mode(), m.minCurrentA(), m.maxCurrentA(), m.priority(),
                        m.phaseSwitching(), s.online(), e.powerW(), d == null ? null : d.decision().limitA(),
                        d == null ? null : d.decision().phases(), d == null ? null : d.decision().reason(),
                        d == null ? null : d.decision().detail(), d == null ? null : d.decision().at(),
                        d == null ? null : d.sentLimitA(), d == null ? null : d.sentAt()));
            }
        }
        list.sort((a, b) -> new EvseKey(a.stationId(), a.evseId()).compareTo(new EvseKey(b.stationId(), b.evseId())));
        SiteView view = site.view();
        Allocator.Site input = ControlLoop.siteInput(view);
        Double surplus = input.gridW() == null ? null : Allocator.surplus(properties.rules(), input, charging);
        return new Allocation(properties.enabled(), view.at(), properties.siteLimitA(), properties.rules().circuitLimitsA(), surplus,
                charging, list);
    }
}
