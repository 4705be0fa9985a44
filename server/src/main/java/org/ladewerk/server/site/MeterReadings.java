package org.ladewerk.server.site;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.ladewerk.server.transaction.MeterSample;

/** Site values from a station's meter samples, whatever unit prefix and phase split the station uses. */
public final class MeterReadings {
    private static final Pattern PHASE = Pattern.compile("L[123](-N)?");

    private MeterReadings() {}

    /**
     * The latest value of a measurand in W or Wh: the sample without phase, else the sum of the
     * phase-to-neutral (or plain L1/L2/L3) samples of the latest timestamp. kW and kWh are scaled.
     */
    public static Double total(List<MeterSample> samples, String measurand) {
        // one pass, each value parsed once: this runs twice for every MeterValues a station sends
        Instant latest = null;
        Double whole = null;
        Double phases = null;
        for (MeterSample s : samples) {
            if (!measurand.equals(s.measurandOrDefault())) continue;
            Double number = s.numericValue();
            if (number == null) continue;
            int newer = latest == null ? 1 : s.timestamp().compareTo(latest);
            if (newer < 0) continue;
            if (newer > 0) {
                latest = s.timestamp();
                whole = null;
                phases = null;
            }
            double value = number * (s.unit() != null && s.unit().startsWith("k") ? 1000 : 1);
            if (s.phase() == null) whole = value;
            else if (PHASE.matcher(s.phase()).matches()) phases = (phases == null ? 0 : phases) + value;
        }
        return whole != null ? whole : phases;
    }
}
