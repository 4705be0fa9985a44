package org.ladewerk.simulator.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ladewerk.simulator.smartcharging.ChargingProfiles.CHARGE_POINT_MAX;
import static org.ladewerk.simulator.smartcharging.ChargingProfiles.TX;
import static org.ladewerk.simulator.smartcharging.ChargingProfiles.TX_DEFAULT;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.v16.ChargingProfile;
import org.ladewerk.ocpp.v16.ChargingSchedule;
import org.ladewerk.ocpp.v16.ChargingSchedulePeriod;
import org.ladewerk.simulator.smartcharging.ChargingProfiles.SetStatus;
import org.ladewerk.simulator.smartcharging.CompositeSchedule.Period;
import org.ladewerk.simulator.smartcharging.CompositeSchedule.TxContext;

class CompositeScheduleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Electrical THREE_PHASE = Electrical.ac(3);
    private final ChargingProfiles profiles = new ChargingProfiles(10, 24, 20);

    private static ChargingProfile profile(int id, String purpose, int stack, String kind, Instant start, Integer duration,
                                           String unit, double... startAndLimit) {
        var periods = new java.util.ArrayList<ChargingSchedulePeriod>();
        for (int i = 0; i < startAndLimit.length; i += 2)
            periods.add(new ChargingSchedulePeriod((int) startAndLimit[i], startAndLimit[i + 1], null));
        return new ChargingProfile(id, null, stack, purpose, kind, "Recurring".equals(kind) ? "Daily" : null, null, null,
                new ChargingSchedule(duration, start, unit, periods, null));
    }

    private double limit(int connector, Instant t, TxContext tx) {
        return CompositeSchedule.limitW(profiles.all(), connector, t, tx, THREE_PHASE);
    }

    @Test
    void withoutProfilesNothingLimits() {
        assertThat(limit(1, T0, TxContext.none(T0))).isInfinite();
    }

    @Test
    void amperesBecomeWattsOverThePhases() {
        assertThat(profiles.set(0, profile(1, TX_DEFAULT, 0, "Absolute", T0, null, "A", 0, 16), null)).isEqualTo(SetStatus.Accepted);
        assertThat(limit(1, T0.plusSeconds(60), TxContext.none(T0))).isEqualTo(16 * 230 * 3);
        assertThat(CompositeSchedule.limitW(profiles.all(), 1, T0, TxContext.none(T0), Electrical.ac(1))).isEqualTo(16 * 230);
        assertThat(limit(1, T0.minusSeconds(1), TxContext.none(T0))).as("before the schedule starts").isInfinite();
    }

    @Test
    void aConnectorsOwnDefaultOverridesTheStationsAndATxProfileOverridesBoth() {
        profiles.set(0, profile(1, TX_DEFAULT, 0, "Absolute", T0, null, "W", 0, 11_000), null);
        profiles.set(1, profile(2, TX_DEFAULT, 0, "Absolute", T0, null, "W", 0, 7_000), null);
        assertThat(limit(1, T0, TxContext.none(T0))).isEqualTo(7_000);
        assertThat(limit(2, T0, TxContext.none(T0))).isEqualTo(11_000);
        assertThat(profiles.set(1, profile(3, TX, 0, "Relative", null, null, "W", 0, 3_000), null))
                .as("a TxProfile needs a transaction").isEqualTo(SetStatus.Rejected);
        assertThat(profiles.set(1, profile(3, TX, 0, "Relative", null, null, "W", 0, 3_000), 42)).isEqualTo(SetStatus.Accepted);
        var tx = new TxContext(42, T0, T0);
        assertThat(limit(1, T0.plusSeconds(10), tx)).isEqualTo(3_000);
        assertThat(limit(1, T0.plusSeconds(10), new TxContext(43, T0, T0))).as("another transaction").isEqualTo(7_000);
        profiles.transactionEnded(1);
        assertThat(limit(1, T0.plusSeconds(10), tx)).isEqualTo(7_000);
    }

    @Test
    void theStationMaximumCapsEverything() {
        assertThat(profiles.set(1, profile(1, CHARGE_POINT_MAX, 0, "Absolute", T0, null, "W", 0, 5_000), null))
                .as("only on connector 0").isEqualTo(SetStatus.Rejected);
        profiles.set(0, profile(1, CHARGE_POINT_MAX, 0, "Absolute", T0, null, "W", 0, 5_000), null);
        profiles.set(0, profile(2, TX_DEFAULT, 0, "Absolute", T0, null, "W", 0, 11_000), null);
        assertThat(limit(1, T0, TxContext.none(T0))).isEqualTo(5_000);
        assertThat(limit(0, T0, TxContext.none(T0))).isEqualTo(5_000);
    }

    @Test
    void theHighestStackLevelWinsWhileItsScheduleRuns() {
        profiles.set(0, profile(1, TX_DEFAULT, 0, "Absolute", T0, null, "W", 0, 11_000), null);
        // an hour-long peak limit on top: 4 kW for 30 minutes, then 8 kW
        profiles.set(0, profile(2, TX_DEFAULT, 5, "Absolute", T0, 3600, "W", 0, 4_000, 1800, 8_000), null);
        assertThat(limit(1, T0.plusSeconds(100), TxContext.none(T0))).isEqualTo(4_000);
        assertThat(limit(1, T0.plusSeconds(1800), TxContext.none(T0))).isEqualTo(8_000);
        assertThat(limit(1, T0.plusSeconds(3600), TxContext.none(T0))).isEqualTo(11_000);

        List<Period> periods = CompositeSchedule.periods(profiles.all(), 1, T0, 7200, TxContext.none(T0), THREE_PHASE, 22_000);
        assertThat(periods).containsExactly(new Period(0, 4_000), new Period(1800, 8_000), new Period(3600, 11_000));
        var schedule = CompositeSchedule.toSchedule(periods, T0, 7200, "A", THREE_PHASE);
        assertThat(schedule.chargingRateUnit()).isEqualTo("A");
        assertThat(schedule.chargingSchedulePeriod().getFirst().limit()).isEqualTo(5.8, within(0.01));
        assertThat(schedule.chargingSchedulePeriod().getFirst().numberPhases()).isEqualTo(3);
    }

    @Test
    void whereNothingLimitsTheConnectorRatingIsTheSchedule() {
        profiles.set(0, profile(1, TX_DEFAULT, 0, "Absolute", T0.plusSeconds(600), 600, "W", 0, 3_000), null);
        List<Period> periods = CompositeSchedule.periods(profiles.all(), 1, T0, 3600, TxContext.none(T0), THREE_PHASE, 22_000);
        assertThat(periods).containsExactly(new Period(0, 22_000), new Period(600, 3_000), new Period(1200, 22_000));
    }

    @Test
    void aDailyRecurringProfileRepeats() {
        // 06:00 to 10:00 every day 6 kW, otherwise no limit from this profile
        Instant six = Instant.parse("2026-01-10T06:00:00Z");
        profiles.set(0, profile(1, TX_DEFAULT, 0, "Recurring", six, 4 * 3600, "W", 0, 6_000), null);
        assertThat(limit(1, T0, TxContext.none(T0))).isEqualTo(6_000);
        assertThat(limit(1, T0.plusSeconds(3 * 3600), TxContext.none(T0))).isInfinite();
        assertThat(limit(1, T0.plusSeconds(22 * 3600), TxContext.none(T0))).isEqualTo(6_000);
        List<Period> day = CompositeSchedule.periods(profiles.all(), 1, T0, 86_400, TxContext.none(T0), THREE_PHASE, 22_000);
        assertThat(day).containsExactly(new Period(0, 6_000), new Period(2 * 3600, 22_000), new Period(22 * 3600, 6_000));
    }

    @Test
    void profilesAreReplacedByIdOrByPurposeAndStackLevelAndClearedByCriteria() {
        profiles.set(0, profile(1, TX_DEFAULT, 1, "Absolute", T0, null, "W", 0, 1_000), null);
        profiles.set(0, profile(1, TX_DEFAULT, 2, "Absolute", T0, null, "W", 0, 2_000), null);
        assertThat(profiles.all()).singleElement().satisfies(p -> assertThat(p.stackLevel()).isEqualTo(2));
        profiles.set(0, profile(9, TX_DEFAULT, 2, "Absolute", T0, null, "W", 0, 3_000), null);
        assertThat(profiles.all()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(9));
        profiles.set(1, profile(10, TX_DEFAULT, 3, "Absolute", T0, null, "W", 0, 3_000), null);
        assertThat(profiles.set(0, profile(11, TX_DEFAULT, 11, "Absolute", T0, null, "W", 0, 3_000), null))
                .as("stack level above ChargeProfileMaxStackLevel").isEqualTo(SetStatus.Rejected);
        assertThat(profiles.clear(null, 1, null, null)).isTrue();
        assertThat(profiles.all()).extracting(InstalledProfile::id).containsExactly(9);
        assertThat(profiles.clear(77, null, null, null)).isFalse();
        assertThat(profiles.clear(null, null, TX_DEFAULT, 2)).isTrue();
        assertThat(profiles.all()).isEmpty();
    }
}
