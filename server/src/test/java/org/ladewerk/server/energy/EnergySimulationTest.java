package org.ladewerk.server.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole day of the energy manager, faster than real time: a simulated home (PV with a cloudy noon,
 * house load, battery) with cars in pv, minpv and now mode, and a car park of 50 EVSEs on 250 A.
 * The assertions hold at every step of 10 s; the figures are printed.
 */
class EnergySimulationTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Instant MIDNIGHT = Instant.parse("2026-06-21T00:00:00Z");
    private static final double V = SiteSimulation.V;

    @Test
    void aHomeDayKeepsTheLimitsAndUsesTheSurplus() {
        Rules rules = Rules.defaults(25).withBatteryPrioritySoc(40);
        var cars = List.of(
                new SiteSimulation.Car("PV", EvseMode.PV, 7.5, 18, 60_000, 16, 3, 0, true),
                new SiteSimulation.Car("MINPV", EvseMode.MINPV, 9, 16, 25_000, 16, 3, 0, false),
                new SiteSimulation.Car("NOW1", EvseMode.NOW, 17.5, 23, 30_000, 32, 3, 0, false),
                new SiteSimulation.Car("NOW2", EvseMode.NOW, 18, 23.5, 20_000, 16, 3, 0, false));
        var sim = new SiteSimulation(rules, 11_000, true, INTERVAL, cars);

        int overLimitSteps = 0;
        int worstOverLimitRun = 0;
        Duration pvWithoutSurplus = Duration.ZERO;
        Duration worstPvWithoutSurplus = Duration.ZERO;
        double usable = 0;
        double used = 0;
        boolean limitBound = false;
        var changesPerHour = new HashMap<String, Integer>();
        int worstChangesPerHour = 0;
        Map<String, Integer> changesBefore = new HashMap<>();
        SiteSimulation.Step last = null;
        for (int i = 0; i < 8640; i++) {
            Instant t = MIDNIGHT.plus(INTERVAL.multipliedBy(i));
            double h = SiteSimulation.hour(t);
            double socBefore = sim.socPercent();
            SiteSimulation.Step s = sim.step(t);

            // grid import never above the site limit for longer than one interval
            if (s.gridW() / (V * 3) > rules.siteLimitA() + 0.01) overLimitSteps++;
            else overLimitSteps = 0;
            worstOverLimitRun = Math.max(worstOverLimitRun, overLimitSteps);
            if (s.decisions().values().stream().anyMatch(d -> d.reason() == Reason.SITE_LIMIT)) limitBound = true;

            // pv charging only with surplus, but for the disable delay
            // what is left for pv when the now cars and the minpv car's minimum are served
            double others = Math.min(s.drawW().get("MINPV"), 6 * V * 3) + s.drawW().get("NOW1") + s.drawW().get("NOW2");
            double pvCharging = s.drawW().get("PV");
            double forPv = s.pvW() - s.houseW() - others;
            int phases = s.decisions().get("PV").phases();
            if (pvCharging > 0 && forPv < 6 * V * phases - 300) pvWithoutSurplus = pvWithoutSurplus.plus(INTERVAL);
            else pvWithoutSurplus = Duration.ZERO;
            if (pvWithoutSurplus.compareTo(worstPvWithoutSurplus) > 0) worstPvWithoutSurplus = pvWithoutSurplus;

            // minpv never below its minimum once it had one interval to react
            var minpv = cars.get(1);
            if (sim.plugged(minpv, h - INTERVAL.toSeconds() / 3600.0) && sim.plugged(minpv, h) && !sim.full(minpv))
                assertThat(s.drawW().get("MINPV")).as("minpv draw at %s", t).isGreaterThanOrEqualTo(6 * V * 3 - 1);

            // surplus the cars could have used, and what they did use
            double batteryFirst = socBefore < 40 ? Math.max(0, -s.batteryW()) : 0;
            double surplus = s.pvW() - s.houseW() - s.drawW().get("NOW1") - s.drawW().get("NOW2") - rules.bufferW() - batteryFirst;
            double capacity = 0;
            for (var c : cars.subList(0, 2)) if (sim.plugged(c, h) && !sim.full(c)) capacity += c.maxA() * V * c.carPhases();
            double could = Math.min(Math.max(0, surplus), capacity);
            if (could >= 6 * V) {
                usable += could;
                used += Math.min(could, pvCharging + s.drawW().get("MINPV"));
            }

            if (i % 360 == 359) { // every hour
                for (var e : sim.profileChanges.entrySet()) {
                    int inHour = e.getValue() - changesBefore.getOrDefault(e.getKey(), 0);
                    worstChangesPerHour = Math.max(worstChangesPerHour, inHour);
                    changesPerHour.merge(e.getKey(), inHour, Math::max);
                }
                changesBefore = new HashMap<>(sim.profileChanges);
            }
            last = s;
        }
        double share = used / usable;
        System.out.printf("home day: surplus used %.1f %% of %.1f kWh usable; worst over-limit run %d step(s); longest pv charging "
                        + "without surplus %s; most profile changes in an hour per EVSE %s%n", 100 * share, usable * INTERVAL.toSeconds() / 3.6e6,
                worstOverLimitRun, worstPvWithoutSurplus, changesPerHour);
        assertThat(limitBound).as("the evening peak reaches the site limit").isTrue();
        assertThat(worstOverLimitRun).isLessThanOrEqualTo(1);
        assertThat(worstPvWithoutSurplus).isLessThanOrEqualTo(rules.disableDelay().plus(INTERVAL.multipliedBy(2)));
        // bounded by construction: one change per min-change-interval, plus decreases that enforce a limit
        assertThat(worstChangesPerHour).isLessThanOrEqualTo((int) (3600 / rules.minChangeInterval().toSeconds()));
        assertThat(share).isGreaterThanOrEqualTo(0.95);
        assertThat(last).isNotNull();
    }

    @Test
    void aCarParkOf50EvsesOn250aSharesFairly() {
        Rules rules = Rules.defaults(250);
        var cars = new ArrayList<SiteSimulation.Car>();
        for (int i = 0; i < 50; i++) {
            boolean onePhase = i % 5 == 0;
            cars.add(new SiteSimulation.Car("P%02d".formatted(i), EvseMode.NOW, 7 + (i % 12) * 0.25, 17 + (i % 8) * 0.25,
                    10_000 + (i % 7) * 5000, i % 3 == 0 ? 16 : 32, onePhase ? 1 : 3, 0, false));
        }
        var sim = new SiteSimulation(rules, 0, false, INTERVAL, cars);
        int fairSteps = 0;
        double widest = 0;
        int waitingSeen = 0;
        int worstChanges = 0;
        for (int i = 0; i < 8640; i++) {
            Instant t = MIDNIGHT.plus(INTERVAL.multipliedBy(i));
            SiteSimulation.Step s = sim.step(t);
            double limits = s.decisions().values().stream().mapToDouble(Decision::limitA).sum();
            assertThat(limits).as("sum of limits at %s", t).isLessThanOrEqualTo(250.0 + 1e-9);
            var atLimit = s.decisions().values().stream().filter(d -> d.reason() == Reason.SITE_LIMIT && d.limitA() > 0).toList();
            if (atLimit.size() > 1) {
                double spread = atLimit.stream().mapToDouble(Decision::limitA).max().orElseThrow()
                        - atLimit.stream().mapToDouble(Decision::limitA).min().orElseThrow();
                widest = Math.max(widest, spread);
                fairSteps++;
            }
            long charging = s.decisions().values().stream().filter(d -> d.limitA() >= 6).count();
            for (Decision d : s.decisions().values()) {
                if (d.limitA() == 0 && d.reason() == Reason.SITE_LIMIT) {
                    waitingSeen++;
                    assertThat(charging * 6.0).as("an EV waits only when there is no room for its minimum").isGreaterThan(250 - 6);
                }
            }
        }
        for (int n : sim.profileChanges.values()) worstChanges = Math.max(worstChanges, n);
        System.out.printf("car park: %d steps at the site limit, widest spread of shares %.1f A, %d waiting EVSE-steps, most profile "
                + "changes of one EVSE over the day %d%n", fairSteps, widest, waitingSeen, worstChanges);
        assertThat(fairSteps).isGreaterThan(100);
        assertThat(widest).as("shares of EVSEs at the site limit").isLessThanOrEqualTo(1.0);
        assertThat(worstChanges).isLessThanOrEqualTo(24 * 30);
    }
}
