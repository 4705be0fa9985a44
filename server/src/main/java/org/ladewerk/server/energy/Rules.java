package org.ladewerk.server.energy;

import java.time.Duration;
import java.util.Map;

/**
 * The site's constraints and the manager's tuning, as the allocation needs them (built from
 * {@link EnergyProperties}). Currents are A per phase; a site limit of 0 or less means none.
 */
public record Rules(double siteLimitA, Map<String, Double> circuitLimitsA, double voltage, int phases, double bufferW,
                    Duration enableDelay, Duration disableDelay, double batteryPrioritySoc, double stepA,
                    Duration phaseSwitchMinTime, double phaseHysteresis, double fallbackA, Duration vehicleSettle,
                    Duration minChangeInterval) {

    public Rules {
        circuitLimitsA = Map.copyOf(circuitLimitsA);
    }

    /** Defaults of the settings, with the given site limit: for tests and the benchmark. */
    public static Rules defaults(double siteLimitA) {
        return new Rules(siteLimitA, Map.of(), 230, 3, 100, Duration.ofMinutes(1), Duration.ofMinutes(3), 0, 0.5,
                Duration.ofMinutes(5), 0.1, 6, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    public Rules withCircuits(Map<String, Double> limits) {
        return new Rules(siteLimitA, limits, voltage, phases, bufferW, enableDelay, disableDelay, batteryPrioritySoc, stepA,
                phaseSwitchMinTime, phaseHysteresis, fallbackA, vehicleSettle, minChangeInterval);
    }

    public Rules withBatteryPrioritySoc(double soc) {
        return new Rules(siteLimitA, circuitLimitsA, voltage, phases, bufferW, enableDelay, disableDelay, soc, stepA,
                phaseSwitchMinTime, phaseHysteresis, fallbackA, vehicleSettle, minChangeInterval);
    }

    double siteLimit() {
        return siteLimitA > 0 ? siteLimitA : Double.POSITIVE_INFINITY;
    }
}
