package org.ladewerk.simulator.ev;

/**
 * An electric vehicle type. The battery accepts up to {@code maxDcPowerW} until
 * {@code taperFromSoc} percent and then linearly less, down to a trickle near full (constant
 * current, then constant voltage); on AC the on-board charger further limits the power to
 * {@code maxAcPowerW} over {@code acPhases} phases.
 */
public record EvModel(String name, double capacityWh, double maxAcPowerW, int acPhases, double maxDcPowerW,
                      double taperFromSoc) {

    /** Below this share of its peak the battery never goes before it is full, so a session always ends. */
    private static final double TRICKLE = 0.05;

    public EvModel {
        if (capacityWh <= 0 || maxAcPowerW <= 0 || maxDcPowerW <= 0) throw new IllegalArgumentException("capacity and powers must be positive");
        if (acPhases < 1 || acPhases > 3) throw new IllegalArgumentException("acPhases must be 1 to 3");
        if (taperFromSoc <= 0 || taperFromSoc >= 100) throw new IllegalArgumentException("taperFromSoc must be between 0 and 100");
    }

    /** What the battery takes at this state of charge, in W. */
    public double batteryAcceptanceW(double socPercent) {
        if (socPercent >= 100) return 0;
        if (socPercent <= taperFromSoc) return maxDcPowerW;
        double share = (100 - socPercent) / (100 - taperFromSoc);
        return maxDcPowerW * Math.max(TRICKLE, share);
    }

    /** What the vehicle draws at most from a connector at this state of charge, in W. */
    public double acceptedPowerW(boolean dc, double socPercent) {
        double battery = batteryAcceptanceW(socPercent);
        return dc ? battery : Math.min(maxAcPowerW, battery);
    }
}
