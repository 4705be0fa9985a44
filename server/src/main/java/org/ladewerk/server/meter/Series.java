package org.ladewerk.server.meter;

import java.util.Arrays;
import java.util.Optional;

/**
 * The series a Linky meter offers through Enedis, with the longest window one request may ask for
 * and how far back the data goes (the limits Enedis documents for each endpoint).
 */
public enum Series {
    LOAD_CURVE("load-curve", 7, 24, false, "W"),
    DAILY("daily", 365, 36, false, "Wh"),
    MAX_POWER("max-power", 365, 36, false, "VA"),
    PRODUCTION_LOAD_CURVE("production-load-curve", 7, 24, true, "W"),
    DAILY_PRODUCTION("daily-production", 365, 36, true, "Wh");

    /** The name in the REST API's paths. */
    public final String path;
    public final int maxDays;
    public final int monthsBack;
    public final boolean production;
    public final String unit;

    Series(String path, int maxDays, int monthsBack, boolean production, String unit) {
        this.path = path;
        this.maxDays = maxDays;
        this.monthsBack = monthsBack;
        this.production = production;
        this.unit = unit;
    }

    public static Optional<Series> byPath(String path) {
        return Arrays.stream(values()).filter(s -> s.path.equals(path)).findFirst();
    }
}
