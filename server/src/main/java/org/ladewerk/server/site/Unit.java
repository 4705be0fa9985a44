package org.ladewerk.server.site;

/**
 * Units of site values with the range a real site can produce: a value outside it (a meter glitch,
 * a mis-scaled mapping) is rejected as malformed instead of poisoning the model and the history.
 */
public enum Unit {
    W("W", -1_000_000, 1_000_000),
    WH("Wh", 0, 1e13),
    PERCENT("%", 0, 100),
    CELSIUS("°C", -50, 150),
    FLAG("", 0, 1);

    private final String symbol;
    private final double min;
    private final double max;

    Unit(String symbol, double min, double max) {
        this.symbol = symbol;
        this.min = min;
        this.max = max;
    }

    public String symbol() { return symbol; }

    public boolean plausible(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }
}
