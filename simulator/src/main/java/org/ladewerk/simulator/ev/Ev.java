package org.ladewerk.simulator.ev;

/**
 * A plugged-in vehicle: its model and battery state. Not thread-safe: owned by one connector.
 */
public final class Ev {

    private final EvModel model;
    private final double targetSoc;
    private double socPercent;

    public Ev(EvModel model, double socPercent, double targetSoc) {
        if (socPercent < 0 || socPercent > 100 || targetSoc <= 0 || targetSoc > 100)
            throw new IllegalArgumentException("state of charge must be within 0..100");
        this.model = model;
        this.socPercent = socPercent;
        this.targetSoc = targetSoc;
    }

    public EvModel model() {
        return model;
    }

    public double socPercent() {
        return socPercent;
    }

    public double targetSoc() {
        return targetSoc;
    }

    public boolean full() {
        return socPercent >= targetSoc - 1e-9;
    }

    /** The power this vehicle draws when {@code availableW} is offered, in W. */
    public double draw(boolean dc, double availableW) {
        if (full()) return 0;
        return Math.max(0, Math.min(availableW, model.acceptedPowerW(dc, socPercent)));
    }

    /** Stores {@code powerW} for {@code seconds}; returns the energy taken in Wh (less when the target is reached). */
    public double charge(double powerW, double seconds) {
        if (powerW <= 0 || seconds <= 0 || full()) return 0;
        double wantedWh = powerW * seconds / 3600.0;
        double roomWh = (targetSoc - socPercent) / 100.0 * model.capacityWh();
        double wh = Math.min(wantedWh, roomWh);
        socPercent = Math.min(targetSoc, socPercent + wh / model.capacityWh() * 100.0);
        return wh;
    }
}
