package org.ladewerk.server.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A site run faster than real time around the {@link Allocator}: PV over a day with passing clouds, a
 * house load with morning and evening peaks, a home battery, and cars that follow the limit their
 * EVSE was last sent (one simulation step late, as a station applies a profile) up to their own
 * maximum until they are full. Each step is one control interval; the test clock is the step counter.
 */
final class SiteSimulation {

    static final double V = 230;

    /** A car plugged in from {@code arriveHour} to {@code leaveHour} wanting {@code needWh}, drawing at most {@code maxA} on {@code carPhases}. */
    record Car(String evse, EvseMode mode, double arriveHour, double leaveHour, double needWh, double maxA, int carPhases, int priority,
               boolean phaseSwitching) {}

    /** What happened in one step, for the assertions. */
    record Step(Instant at, double pvW, double houseW, double batteryW, double gridW, Map<String, Double> drawW, Map<String, Decision> decisions) {}

    final Rules rules;
    final double pvPeakW;
    final boolean battery;
    final Duration interval;
    final List<Car> cars;
    private final Random random = new Random(7);
    private final Map<EvseKey, Decision> previous = new HashMap<>();
    private final Map<String, Double> charged = new HashMap<>();
    private final Map<String, Double> draw = new HashMap<>();
    /** Limit (A) and phases last sent per EVSE, as the station holds them. */
    private final Map<String, double[]> sent = new HashMap<>();
    final Map<String, Integer> profileChanges = new HashMap<>();
    private double socWh = 5000;
    private double gridW;
    private double batteryW;

    SiteSimulation(Rules rules, double pvPeakW, boolean battery, Duration interval, List<Car> cars) {
        this.rules = rules;
        this.pvPeakW = pvPeakW;
        this.battery = battery;
        this.interval = interval;
        this.cars = cars;
        cars.forEach(c -> draw.put(c.evse(), 0.0));
    }

    static double hour(Instant t) {
        return (t.getEpochSecond() % 86_400) / 3600.0;
    }

    double pv(double hour) {
        double sun = hour > 6 && hour < 20 ? Math.sin(Math.PI * (hour - 6) / 14) : 0;
        // passing clouds around noon (minutes long), a little flicker all day
        double seconds = hour * 3600;
        double clouds = hour > 11 && hour < 13 ? 0.55 + 0.2 * Math.sin(2 * Math.PI * seconds / 420) + 0.1 * Math.sin(2 * Math.PI * seconds / 170)
                : 0.95;
        clouds *= 0.98 + 0.04 * random.nextDouble();
        return pvPeakW * sun * clouds;
    }

    static double house(double hour) {
        return 350 + 900 * bump(hour, 7.5, 1) + 2500 * bump(hour, 19, 1.5);
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    boolean plugged(Car c, double hour) {
        return hour >= c.arriveHour() && hour < c.leaveHour();
    }

    boolean full(Car c) {
        return charged.getOrDefault(c.evse(), 0.0) >= c.needWh();
    }

    /** One control round at {@code t}, then the site and cars run for one interval under the limits the stations hold. */
    Step step(Instant t) {
        double h = hour(t);
        var inputs = new ArrayList<Allocator.Evse>();
        for (Car c : cars) {
            inputs.add(new Allocator.Evse(new EvseKey(c.evse(), 1), c.mode(), 6, 32, c.priority(), c.phaseSwitching(), null, true,
                    plugged(c, h), draw.get(c.evse())));
        }
        Double soc = battery ? 100 * socWh / 10_000 : null;
        var result = Allocator.allocate(rules, new Allocator.Site(gridW, battery ? batteryW : null, soc), inputs, previous, t);
        var decisions = new LinkedHashMap<String, Decision>();
        for (Decision d : result.decisions()) {
            previous.put(d.key(), d);
            decisions.put(d.key().stationId(), d);
            double[] held = sent.get(d.key().stationId());
            if (held == null || held[0] != d.limitA() || held[1] != d.phases()) {
                if (held != null) profileChanges.merge(d.key().stationId(), 1, Integer::sum);
                sent.put(d.key().stationId(), new double[] {d.limitA(), d.phases()});
            }
        }
        // the stations apply their limits; cars draw what they may and want
        double hours = interval.toMillis() / 3_600_000.0;
        double charging = 0;
        var drawn = new LinkedHashMap<String, Double>();
        for (Car c : cars) {
            double w = 0;
            if (plugged(c, h) && !full(c)) {
                double[] held = sent.get(c.evse());
                double a = Math.min(held[0], c.maxA());
                int phases = (int) Math.min(held[1], c.carPhases());
                w = a >= 6 ? a * V * phases : 0;
                charged.merge(c.evse(), w * hours, Double::sum);
            }
            if (!plugged(c, h)) charged.remove(c.evse());
            draw.put(c.evse(), w);
            drawn.put(c.evse(), w);
            charging += w;
        }
        double pv = pv(h);
        double house = house(h);
        double surplus = pv - house - charging;
        double b = 0; // + discharge / − charge
        if (battery) {
            if (surplus > 0) b = -Math.min(Math.min(surplus, 3000), (10_000 - socWh) / hours);
            else b = Math.min(Math.min(-surplus, 3000), Math.max(0, socWh - 1000) / hours);
            socWh -= b * hours;
        }
        batteryW = b;
        gridW = house + charging - pv - b;
        return new Step(t, pv, house, b, gridW, drawn, decisions);
    }

    double socPercent() {
        return 100 * socWh / 10_000;
    }
}
