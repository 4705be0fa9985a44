package org.ladewerk.server.energy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ladewerk.energy.*}: the energy manager (PV-surplus charging, site and circuit limits). */
@ConfigurationProperties("ladewerk.energy")
public record EnergyProperties(
        /** Off by default: limits are only sent to stations when an operator turns the manager on. */
        @DefaultValue("false") boolean enabled,
        /** How often a control round runs (10–30 s suits stations; at least 1 s). */
        @DefaultValue("10s") Duration interval,
        /** The site's grid limit (main fuse), A per phase; 0: none. */
        @DefaultValue("0") double siteLimitA,
        /** Circuits by name: a limit in A per phase for a group of EVSEs ("STATION" or "STATION/EVSE"). */
        Map<String, Circuit> circuits,
        /** Stations whose EVSEs are managed; empty: every station. */
        @DefaultValue List<String> stations,
        /** Mode of EVSEs without a stored one. */
        @DefaultValue("now") EvseMode defaultMode,
        @DefaultValue("6") double minCurrentA,
        @DefaultValue("32") double maxCurrentA,
        /** Surplus kept back (W) so that PV charging does not pull from the grid at every cloud. */
        @DefaultValue("100") double bufferW,
        @DefaultValue("1m") Duration enableDelay,
        @DefaultValue("3m") Duration disableDelay,
        /** Below this battery SoC the surplus charges the home battery first; 0: never. */
        @DefaultValue("0") double batteryPrioritySoc,
        /** A new limit is sent only when it differs from the last by more than this (A). */
        @DefaultValue("0.5") double stepA,
        /** Fewest time between two 1-phase/3-phase switches of one EVSE. */
        @DefaultValue("5m") Duration phaseSwitchMinTime,
        /** 3 phases only when the surplus exceeds the 3-phase minimum by this fraction. */
        @DefaultValue("0.1") double phaseSwitchHysteresis,
        /** Limit of the TxDefaultProfile sent to every station in advance: what it keeps when it loses the manager. */
        @DefaultValue("6") double fallbackCurrentA,
        /** A vehicle's draw is judged against its limit only after the limit stood this long. */
        @DefaultValue("60s") Duration vehicleSettle,
        /** A charging EVSE's limit is raised (or lowered for surplus) at most this often; limits are enforced at once. */
        @DefaultValue("30s") Duration minChangeInterval,
        @DefaultValue("230") double voltage,
        @DefaultValue("3") int phases) {

    public record Circuit(double limitA, List<String> evses) {
        public Circuit {
            evses = evses == null ? List.of() : List.copyOf(evses);
        }
    }

    public EnergyProperties {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("ladewerk.energy.interval must be at least 1s");
        if (phases != 1 && phases != 3) throw new IllegalArgumentException("ladewerk.energy.phases must be 1 or 3");
        circuits = circuits == null ? Map.of() : Map.copyOf(circuits);
    }

    public Rules rules() {
        var limits = new java.util.HashMap<String, Double>();
        circuits.forEach((name, c) -> limits.put(name, c.limitA()));
        return new Rules(siteLimitA, limits, voltage, phases, bufferW, enableDelay, disableDelay, batteryPrioritySoc, stepA,
                phaseSwitchMinTime, phaseSwitchHysteresis, fallbackCurrentA, vehicleSettle, minChangeInterval);
    }

    /** The circuit an EVSE hangs on, or null. */
    public String circuitOf(EvseKey key) {
        for (var e : circuits.entrySet()) {
            for (String member : e.getValue().evses()) {
                if (member.equals(key.stationId()) || member.equals(key.toString())) return e.getKey();
            }
        }
        return null;
    }
}
