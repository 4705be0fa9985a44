package org.ladewerk.simulator.smartcharging;

/**
 * How a connector turns amperes into watts: AC with its line voltage and the phases in use, or DC
 * with its link voltage. Charging profiles in A are converted with it.
 */
public record Electrical(boolean dc, double voltage, int phases) {

    public static final double AC_VOLTAGE = 230.0;
    public static final double DC_VOLTAGE = 400.0;

    public static Electrical ac(int phases) {
        return new Electrical(false, AC_VOLTAGE, phases);
    }

    public static Electrical direct() {
        return new Electrical(true, DC_VOLTAGE, 1);
    }

    /** {@code numberPhases} of a schedule period, if given, caps the phases used. */
    public double watts(double amperes, Integer numberPhases) {
        if (dc) return amperes * voltage;
        int p = numberPhases == null ? phases : Math.min(phases, numberPhases);
        return amperes * voltage * Math.max(1, p);
    }

    public double amperes(double watts) {
        return dc ? watts / voltage : watts / (voltage * phases);
    }
}
