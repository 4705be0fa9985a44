package org.ladewerk.server.energy;

/**
 * How one EVSE is to charge: its mode, the currents (A per phase) between which the manager may set it,
 * its priority (higher first) and whether the station may switch it between 1 and 3 phases.
 */
public record EvseSetting(String stationId, int evseId, EvseMode mode, double minCurrentA, double maxCurrentA, int priority,
                          boolean phaseSwitching) {

    public EvseKey key() {
        return new EvseKey(stationId, evseId);
    }

    /** Null when the setting can be used, else why not. */
    public String problem() {
        if (mode == null) return "mode is required (off, now, minpv or pv)";
        if (!(minCurrentA >= 6 && minCurrentA <= 80)) return "minCurrentA must be between 6 and 80 A";
        if (!(maxCurrentA >= minCurrentA && maxCurrentA <= 500)) return "maxCurrentA must be between minCurrentA and 500 A";
        if (priority < 0 || priority > 100) return "priority must be between 0 and 100";
        return null;
    }
}
