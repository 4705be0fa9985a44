package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.transaction.MeterSample;

class MeterReadingsTest {

    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-01T10:00:10Z");

    private static MeterSample sample(Instant at, String value, String measurand, String phase, String unit) {
        return new MeterSample(at, value, measurand, phase, unit, "Sample.Periodic", "Outlet", false, null);
    }

    @Test
    void theSampleWithoutPhaseWinsOverThePhases() {
        var samples = List.of(sample(T1, "11.0", "Power.Active.Import", null, "kW"),
                sample(T1, "3000", "Power.Active.Import", "L1", "W"), sample(T1, "3000", "Power.Active.Import", "L2", "W"));
        assertThat(MeterReadings.total(samples, "Power.Active.Import")).isEqualTo(11_000.0);
    }

    @Test
    void phasesOfTheLatestTimestampAreSummedWhateverTheOrder() {
        var samples = List.of(sample(T2, "3000", "Power.Active.Import", "L1-N", "W"),
                sample(T1, "9999", "Power.Active.Import", null, "W"),
                sample(T2, "2000", "Power.Active.Import", "L2-N", "W"),
                sample(T2, "1000", "Power.Active.Import", "L3", "W"),
                sample(T2, "500", "Power.Active.Import", "L1-L2", "W"),
                sample(T2, "11000", "Power.Offered", null, "W"));
        assertThat(MeterReadings.total(samples, "Power.Active.Import")).isEqualTo(6000.0);
    }

    @Test
    void aLaterSampleReplacesAnEarlierOne() {
        var samples = List.of(sample(T1, "100", "Energy.Active.Import.Register", "L1", "Wh"),
                sample(T2, "1.5", null, null, "kWh"));
        assertThat(MeterReadings.total(samples, "Energy.Active.Import.Register")).as("no measurand means the energy register").isEqualTo(1500.0);
    }

    @Test
    void valuesThatAreNoNumbersAreSkippedAndNothingMatchingIsNull() {
        var samples = List.of(sample(T2, "n/a", "Power.Active.Import", null, "W"), sample(T1, "7", "Power.Active.Import", null, "W"));
        assertThat(MeterReadings.total(samples, "Power.Active.Import")).isEqualTo(7.0);
        assertThat(MeterReadings.total(samples, "Current.Import")).isNull();
        assertThat(MeterReadings.total(List.of(), "Power.Active.Import")).isNull();
    }
}
