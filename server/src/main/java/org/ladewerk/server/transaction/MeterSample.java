package org.ladewerk.server.transaction;

import java.time.Instant;

/** One sampled value as a station reported it; {@code signed} marks signed meter data kept verbatim. */
public record MeterSample(Instant timestamp, String value, String measurand, String phase, String unit,
                          String context, String location, boolean signed) {

    /** The value as a number where it is one (signed data and odd values stay text only). */
    public Double numericValue() {
        if (signed || value == null) return null;
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
