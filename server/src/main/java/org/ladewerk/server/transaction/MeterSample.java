package org.ladewerk.server.transaction;

import java.time.Instant;

/**
 * One sampled value as a station reported it. {@code signed} marks signed meter data: in OCPP 1.6 the
 * value itself is the signed data (format SignedData); in OCPP 2.x the value is a plain number and
 * {@code signedData} the signature block sent beside it. Both are kept verbatim.
 */
public record MeterSample(Instant timestamp, String value, String measurand, String phase, String unit,
                          String context, String location, boolean signed, String signedData) {

    /** The energy register (Wh), which is also OCPP's measurand for a sampled value that names none. */
    public static final String ENERGY_REGISTER = "Energy.Active.Import.Register";
    /** OCPP's defaults for the other optional fields of a sampled value. */
    public static final String DEFAULT_UNIT = "Wh";
    public static final String DEFAULT_CONTEXT = "Sample.Periodic";
    public static final String DEFAULT_LOCATION = "Outlet";

    /** The measurand, or OCPP's default where the sampled value names none. */
    public String measurandOrDefault() {
        return measurand == null ? ENERGY_REGISTER : measurand;
    }

    /**
     * The value as a number where it is one (1.6 signed data, which is the value itself, and odd
     * values stay text only; a 2.x signed value is a number with its signature beside it).
     */
    public Double numericValue() {
        if ((signed && signedData == null) || value == null) return null;
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
