package org.ladewerk.server.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocation rules one at a time, on small sites. */
class AllocatorTest {

    private static final Instant T0 = Instant.parse("2026-06-21T10:00:00Z");
    private final Map<EvseKey, Decision> previous = new HashMap<>();

    private static Allocator.Evse evse(String id, EvseMode mode, boolean vehicle, double drawnW) {
        return new Allocator.Evse(new EvseKey(id, 1), mode, 6, 32, 0, false, null, true, vehicle, drawnW);
    }

    private Map<String, Decision> round(Rules rules, Allocator.Site site, List<Allocator.Evse> evses, Instant now) {
        var out = new HashMap<String, Decision>();
        for (Decision d : Allocator.allocate(rules, site, evses, previous, now).decisions()) {
            previous.put(d.key(), d);
            out.put(d.key().stationId(), d);
        }
        return out;
    }

    private static final Allocator.Site NO_METER = new Allocator.Site(null, null, null);

    @Test
    void siteLimitIsSharedFairlyAndAnEvWithoutRoomWaits() {
        var evses = new ArrayList<Allocator.Evse>();
        for (int i = 0; i < 5; i++) evses.add(evse("CP" + i, EvseMode.NOW, true, 0));
        var d = round(Rules.defaults(50), NO_METER, evses, T0);
        assertThat(d.values()).allSatisfy(x -> {
            assertThat(x.limitA()).isEqualTo(10.0);
            assertThat(x.reason()).isEqualTo(Reason.SITE_LIMIT);
        });
        for (int i = 5; i < 9; i++) evses.add(evse("CP" + i, EvseMode.NOW, true, 0));
        d = round(Rules.defaults(50), NO_METER, evses, T0.plusSeconds(10));
        // 9 EVs: 8 get their 6 A minimum (48 A), the ninth waits for room
        assertThat(d.values().stream().mapToDouble(Decision::limitA).sum()).isLessThanOrEqualTo(50);
        assertThat(d.values().stream().filter(x -> x.limitA() == 0).toList()).singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo(Reason.SITE_LIMIT));
    }

    @Test
    void higherPriorityIsServedFirstAndAnIdleEvseGetsNothing() {
        var high = new Allocator.Evse(new EvseKey("HIGH", 1), EvseMode.NOW, 6, 32, 10, false, null, true, true, 0);
        var low = evse("LOW", EvseMode.NOW, true, 0);
        var idle = evse("IDLE", EvseMode.NOW, false, 0);
        var d = round(Rules.defaults(40), NO_METER, List.of(low, high, idle), T0);
        assertThat(d.get("HIGH").limitA()).isEqualTo(32.0);
        assertThat(d.get("LOW").limitA()).isEqualTo(8.0);
        assertThat(d.get("IDLE").limitA()).isZero();
        assertThat(d.get("IDLE").reason()).isEqualTo(Reason.NO_VEHICLE);
    }

    @Test
    void aVehicleDrawingLessGivesItsShareToOthersAfterItSettled() {
        var rules = Rules.defaults(30);
        var a = evse("A", EvseMode.NOW, true, 0);
        var b = evse("B", EvseMode.NOW, true, 0);
        round(rules, NO_METER, List.of(a, b), T0);
        assertThat(previous.get(a.key()).limitA()).isEqualTo(15.0);
        // A's car takes 3 A on one phase (nearly full); B takes all it gets
        var a3 = evse("A", EvseMode.NOW, true, 3 * 230);
        var b15 = evse("B", EvseMode.NOW, true, 15 * 690);
        var d = round(rules, NO_METER, List.of(a3, b15), T0.plusSeconds(10));
        assertThat(d.get("A").limitA()).as("not judged before the limit settled").isEqualTo(15.0);
        d = round(rules, NO_METER, List.of(a3, b15), T0.plusSeconds(70));
        assertThat(d.get("A").limitA()).isEqualTo(6.0);
        assertThat(d.get("A").reason()).isEqualTo(Reason.VEHICLE);
        assertThat(d.get("B").limitA()).isEqualTo(24.0);
        // A's car wants more again: the cap goes
        d = round(rules, NO_METER, List.of(evse("A", EvseMode.NOW, true, 6 * 230), b15), T0.plusSeconds(80));
        assertThat(d.get("A").vehicleCapA()).isNull();
        // a one-phase car drawing its whole limit is not capped
        previous.clear();
        round(rules, NO_METER, List.of(a, b), T0);
        d = round(rules, NO_METER, List.of(evse("A", EvseMode.NOW, true, 15 * 230), b15), T0.plusSeconds(70));
        assertThat(d.get("A").vehicleCapA()).isNull();
    }

    @Test
    void circuitLimitBindsItsMembers() {
        var rules = Rules.defaults(100).withCircuits(Map.of("garage", 20.0));
        var a = new Allocator.Evse(new EvseKey("A", 1), EvseMode.NOW, 6, 32, 0, false, "garage", true, true, 0);
        var b = new Allocator.Evse(new EvseKey("B", 1), EvseMode.NOW, 6, 32, 0, false, "garage", true, true, 0);
        var c = evse("C", EvseMode.NOW, true, 0);
        var d = round(rules, NO_METER, List.of(a, b, c), T0);
        assertThat(d.get("A").limitA()).isEqualTo(10.0);
        assertThat(d.get("A").reason()).isEqualTo(Reason.CIRCUIT_LIMIT);
        assertThat(d.get("C").limitA()).isEqualTo(32.0);
    }

    @Test
    void pvStartsAfterTheEnableDelayAndStopsAfterTheDisableDelay() {
        var rules = Rules.defaults(63);
        var pv = evse("PV", EvseMode.PV, true, 0);
        var sunny = new Allocator.Site(-6000.0, null, null); // 6 kW feed-in
        assertThat(round(rules, sunny, List.of(pv), T0).get("PV").limitA()).isZero();
        assertThat(round(rules, sunny, List.of(pv), T0.plusSeconds(30)).get("PV").reason()).isEqualTo(Reason.NO_SURPLUS);
        Decision on = round(rules, sunny, List.of(pv), T0.plusSeconds(60)).get("PV");
        assertThat(on.limitA()).isEqualTo(8.5); // (6000 − 100 buffer) / 690
        assertThat(on.reason()).isEqualTo(Reason.SURPLUS);
        // a cloud: the car at 8.5 A now imports 3 kW
        var charging = evse("PV", EvseMode.PV, true, 8.5 * 690);
        var cloudy = new Allocator.Site(3000.0, null, null);
        Decision stopping = round(rules, cloudy, List.of(charging), T0.plusSeconds(100)).get("PV");
        assertThat(stopping.limitA()).isEqualTo(6.0);
        assertThat(stopping.reason()).isEqualTo(Reason.STOPPING);
        var atMin = new Allocator.Site(3000.0 - 2.5 * 690, null, null);
        var atMinCharging = evse("PV", EvseMode.PV, true, 6 * 690);
        assertThat(round(rules, atMin, List.of(atMinCharging), T0.plusSeconds(200)).get("PV").limitA()).isEqualTo(6.0);
        Decision off = round(rules, atMin, List.of(atMinCharging), T0.plusSeconds(280)).get("PV");
        assertThat(off.limitA()).isZero();
        assertThat(off.reason()).isEqualTo(Reason.NO_SURPLUS);
    }

    @Test
    void minpvKeepsItsMinimumWithoutSurplusAndAddsSurplus() {
        var rules = Rules.defaults(63);
        var minpv = evse("M", EvseMode.MINPV, true, 0);
        assertThat(round(rules, new Allocator.Site(500.0, null, null), List.of(minpv), T0).get("M").limitA()).isEqualTo(6.0);
        Decision more = round(rules, new Allocator.Site(-10_000.0, null, null), List.of(minpv), T0.plusSeconds(40)).get("M");
        assertThat(more.limitA()).isEqualTo(14.3); // (10000 − 100) / 690
    }

    @Test
    void belowTheBatteryPrioritySocTheBatteryChargesFirst() {
        var rules = Rules.defaults(63).withBatteryPrioritySoc(50);
        var m = evse("M", EvseMode.MINPV, true, 6 * 690);
        // grid 0, battery takes 4 kW: above the priority SoC the EV may have it
        assertThat(round(rules, new Allocator.Site(0.0, -4000.0, 80.0), List.of(m), T0).get("M").limitA()).isEqualTo(11.6);
        previous.clear();
        assertThat(round(rules, new Allocator.Site(0.0, -4000.0, 30.0), List.of(m), T0).get("M").limitA()).isEqualTo(6.0);
    }

    @Test
    void phasesSwitchWithHysteresisAndNotMoreOftenThanTheMinimumTime() {
        var rules = Rules.defaults(63);
        var pv = new Allocator.Evse(new EvseKey("P", 1), EvseMode.MINPV, 6, 16, 0, true, null, true, true, 0);
        Decision d = round(rules, new Allocator.Site(-2000.0, null, null), List.of(pv), T0).get("P");
        assertThat(d.phases()).isEqualTo(1);
        assertThat(d.limitA()).isEqualTo(8.2); // (2000 − 100) / 230
        // 5 kW surplus: enough for 3 phases, but the last switch was just now
        var onePhase = new Allocator.Evse(pv.key(), EvseMode.MINPV, 6, 16, 0, true, null, true, true, 8.2 * 230);
        d = round(rules, new Allocator.Site(-5000.0 + 8.2 * 230, null, null), List.of(onePhase), T0.plusSeconds(60)).get("P");
        assertThat(d.phases()).isEqualTo(1);
        assertThat(d.limitA()).isEqualTo(16.0);
        var full = new Allocator.Evse(pv.key(), EvseMode.MINPV, 6, 16, 0, true, null, true, true, 16 * 230);
        d = round(rules, new Allocator.Site(-5000.0 + 16 * 230, null, null), List.of(full), T0.plus(Duration.ofMinutes(5))).get("P");
        assertThat(d.phases()).isEqualTo(3);
        assertThat(d.limitA()).isEqualTo(7.1); // (5000 − 100) / 690
        // inside the hysteresis band (4140..4554 W) it stays on 3 phases
        var three = new Allocator.Evse(pv.key(), EvseMode.MINPV, 6, 16, 0, true, null, true, true, 7.1 * 690);
        d = round(rules, new Allocator.Site(-4300.0 + 7.1 * 690, null, null), List.of(three), T0.plus(Duration.ofMinutes(11))).get("P");
        assertThat(d.phases()).isEqualTo(3);
        // below the 3-phase minimum it goes back to one phase
        d = round(rules, new Allocator.Site(-3000.0 + 7.1 * 690, null, null), List.of(three), T0.plus(Duration.ofMinutes(17))).get("P");
        assertThat(d.phases()).isEqualTo(1);
    }

    @Test
    void anOfflineStationIsAssumedAtItsLastLimit() {
        var rules = Rules.defaults(32);
        var a = evse("A", EvseMode.NOW, true, 0);
        var b = evse("B", EvseMode.NOW, true, 0);
        round(rules, NO_METER, List.of(a, b), T0);
        var offline = new Allocator.Evse(a.key(), EvseMode.NOW, 6, 32, 0, false, null, false, true, 0);
        var d = round(rules, NO_METER, List.of(offline, b), T0.plusSeconds(10));
        assertThat(d.get("A").reason()).isEqualTo(Reason.OFFLINE);
        assertThat(d.get("A").limitA()).isEqualTo(16.0);
        assertThat(d.get("B").limitA()).isEqualTo(16.0);
    }

    @Test
    void smallChangesWithinAStepKeepTheLastLimit() {
        var rules = Rules.defaults(63);
        var m = evse("M", EvseMode.MINPV, true, 10 * 690);
        round(rules, new Allocator.Site(0.0, null, null), List.of(m), T0);
        double before = previous.get(m.key()).limitA();
        Decision d = round(rules, new Allocator.Site(-200.0, null, null), List.of(m), T0.plusSeconds(10)).get("M");
        assertThat(d.limitA()).isEqualTo(before);
        d = round(rules, new Allocator.Site(-1000.0, null, null), List.of(m), T0.plusSeconds(20)).get("M");
        assertThat(d.limitA()).as("not raised again within the minimum change interval").isEqualTo(before);
        d = round(rules, new Allocator.Site(-1000.0, null, null), List.of(m), T0.plusSeconds(40)).get("M");
        assertThat(d.limitA()).isGreaterThan(before + 0.5);
    }
}
