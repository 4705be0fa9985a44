package org.ladewerk.server.transaction;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Energy register values in Wh, with the decimals a station reports (kept to the milliwatt-hour). */
final class EnergyRegister {
    private EnergyRegister() {}

    private static final int SCALE = 3;

    static BigDecimal wattHours(BigDecimal value, String unit) {
        BigDecimal wh = "kWh".equals(unit) ? value.movePointRight(3) : value;
        return plain(wh.setScale(SCALE, RoundingMode.HALF_UP));
    }

    /** Without trailing zeros and never in exponent notation ("1200", "1234.5"), as the API shows it. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) return null;
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** Energy of a stop over a start; null when unknown or implausible (the stop reads below the start). */
    static BigDecimal energy(BigDecimal start, BigDecimal stop) {
        if (start == null || stop == null || stop.compareTo(start) < 0) return null;
        return plain(stop.subtract(start));
    }
}
