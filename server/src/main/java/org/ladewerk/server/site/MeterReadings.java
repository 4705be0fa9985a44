package org.ladewerk.server.site;

import java.util.Comparator;
import java.util.List;
import org.ladewerk.server.transaction.MeterSample;

/** Site values from a station's meter samples, whatever unit prefix and phase split the station uses. */
public final class MeterReadings {
    private MeterReadings() {}

    /**
     * The latest value of a measurand in W or Wh: the sample without phase, else the sum of the
     * phase-to-neutral (or plain L1/L2/L3) samples of the latest timestamp. kW and kWh are scaled.
     */
    public static Double total(List<MeterSample> samples, String measurand) {
        var matching = samples.stream()
                .filter(s -> measurand.equals(s.measurand() == null ? "Energy.Active.Import.Register" : s.measurand()))
                .filter(s -> s.numericValue() != null).toList();
        if (matching.isEmpty()) return null;
        var latest = matching.stream().map(MeterSample::timestamp).max(Comparator.naturalOrder()).orElseThrow();
        Double whole = null;
        Double phases = null;
        for (MeterSample s : matching) {
            if (!s.timestamp().equals(latest)) continue;
            double value = s.numericValue() * (s.unit() != null && s.unit().startsWith("k") ? 1000 : 1);
            if (s.phase() == null) whole = value;
            else if (s.phase().matches("L[123](-N)?")) phases = (phases == null ? 0 : phases) + value;
        }
        return whole != null ? whole : phases;
    }
}
