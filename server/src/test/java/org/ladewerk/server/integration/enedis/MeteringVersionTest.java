package org.ladewerk.server.integration.enedis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.meter.Reading;
import org.ladewerk.server.meter.Series;
import tools.jackson.databind.ObjectMapper;

/** Both API generations' shapes read into the same readings, stamped at the start of their interval or day. */
class MeteringVersionTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void v5LoadCurveIsStampedAtTheIntervalStart() {
        var body = json.readTree("""
                {"meter_reading":{"usage_point_id":"16401220101758","start":"2026-03-29","end":"2026-03-30",
                 "reading_type":{"unit":"W","measurement_kind":"power","aggregate":"average"},
                 "interval_reading":[{"value":"540","date":"2026-03-29 00:30:00","interval_length":"PT30M","measure_type":"B"},
                                     {"value":"612","date":"2026-03-29 03:00:00","interval_length":"PT30M","measure_type":"B"}]}}""");
        assertThat(MeteringVersion.V5.parse(Series.LOAD_CURVE, body)).containsExactly(
                new Reading(Instant.parse("2026-03-28T23:00:00Z"), 540),
                // 03:00 on the day clocks go forward is 01:00 UTC; its half hour began at 00:30 UTC
                new Reading(Instant.parse("2026-03-29T00:30:00Z"), 612));
        assertThat(MeteringVersion.V5.path(Series.LOAD_CURVE)).isEqualTo("metering_data_clc/v5/consumption_load_curve");
        assertThat(MeteringVersion.V5.query(Series.DAILY, "16401220101758", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1)))
                .containsEntry("usage_point_id", "16401220101758").containsEntry("start", "2026-01-01").containsEntry("end", "2026-02-01");
    }

    @Test
    void dailyValuesAndMaxPowerAreStampedAtTheDayStart() {
        var daily = json.readTree("""
                {"meter_reading":{"interval_reading":[{"value":"12540","date":"2026-07-01"}]}}""");
        assertThat(MeteringVersion.V5.parse(Series.DAILY, daily)).containsExactly(new Reading(Instant.parse("2026-06-30T22:00:00Z"), 12540));
        var max = json.readTree("""
                {"idPrm":"1","grandeur":[{"grandeurMetier":"CONS","grandeurPhysique":"PMA","unite":"VA",
                 "points":[{"v":"6720","d":"2026-07-01 19:14:07"}]}]}""");
        assertThat(MeteringVersion.V2026.parse(Series.MAX_POWER, max)).containsExactly(new Reading(Instant.parse("2026-06-30T22:00:00Z"), 6720));
        assertThat(MeteringVersion.V2026.query(Series.MAX_POWER, "1", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 2)))
                .containsEntry("pointId", "1").containsEntry("dateDebut", "2026-07-01").containsEntry("dateFin", "2026-07-02")
                .containsEntry("mesuresPas", "P1D").containsEntry("grandeurPhysique", "PMA");
        assertThat(MeteringVersion.V2026.path(Series.PRODUCTION_LOAD_CURVE)).isEqualTo("mesure_synchrone_auto/v2/courbe_de_charge_production");
    }
}
