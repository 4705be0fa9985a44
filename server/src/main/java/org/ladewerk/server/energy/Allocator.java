package org.ladewerk.server.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round of the energy manager as a pure function: site readings, the EVSEs with their modes and
 * limits, the previous round's decisions and the time in; a limit per EVSE with its reason out. No
 * clock, database or station is touched, so a simulated day or a car park of 1,000 EVSEs runs through
 * it in tests and the benchmark exactly as in the control loop.
 *
 * <p>Order of a round: offline EVSEs keep what they were last given; every EVSE that wants to charge
 * gets its minimum in order of priority while the site and its circuit have room (pv ones only once
 * the surplus held for the enable delay); then what is left is shared by priority, and within one
 * priority by progressive filling (everyone rises together until a cap, a circuit, the site limit or,
 * for pv and minpv, the surplus is exhausted): max-min fairness.
 */
public final class Allocator {

    private static final double EPS = 1e-6;

    /**
     * The site as the round sees it; null where unknown. Without a grid reading there is no surplus and
     * the site limit bounds the sum of the charging currents alone.
     */
    public record Site(Double gridW, Double batteryW, Double batterySoc) {}

    /**
     * An EVSE as the round sees it. {@code drawnW} is its measured charging power, {@code circuit} the
     * circuit it hangs on (null: only the site), {@code vehicle} whether an EV is plugged in.
     */
    public record Evse(EvseKey key, EvseMode mode, double minA, double maxA, int priority, boolean phaseSwitching,
                       String circuit, boolean online, boolean vehicle, double drawnW) {}

    /** The decisions, and the surplus the round started from (W, after buffer and battery priority). */
    public record Result(List<Decision> decisions, double surplusW, double siteRoomA) {}

    private Allocator() {
    }

    /** A member of the sharing: an EVSE that may charge this round. */
    private static final class Share {
        final Evse evse;
        final Decision previous;
        int phases;
        Instant phasesSince;
        double cap;
        Double vehicleCap;
        double level;
        Reason reason;
        String detail;
        boolean pvEnabled;
        Instant pendingSince;
        boolean frozen;

        Share(Evse evse, Decision previous) {
            this.evse = evse;
            this.previous = previous;
        }

        double wattsPerA(double voltage) {
            return voltage * phases;
        }
    }

    public static Result allocate(Rules rules, Site site, List<Evse> evses, Map<EvseKey, Decision> previous, Instant now) {
        double chargingW = 0;
        for (Evse e : evses) if (e.online()) chargingW += Math.max(0, e.drawnW());
        double nonChargingA = site.gridW() == null ? 0 : (site.gridW() - chargingW) / (rules.voltage() * rules.phases());
        double siteRoom = rules.siteLimit() - nonChargingA;
        Map<String, Double> circuitRoom = new HashMap<>(rules.circuitLimitsA());
        double surplus = surplus(rules, site, chargingW);

        var decisions = new ArrayList<Decision>(evses.size());
        var shares = new ArrayList<Share>();
        for (Evse e : evses) {
            Decision prev = previous.get(e.key());
            if (!e.online()) {
                double assumed = prev != null ? prev.limitA() : rules.fallbackA();
                siteRoom -= assumed;
                if (e.circuit() != null) circuitRoom.computeIfPresent(e.circuit(), (c, r) -> r - assumed);
                decisions.add(decision(e, prev, assumed, prev != null ? prev.phases() : rules.phases(), Reason.OFFLINE,
                        "station offline: assumed at its last limit", prev, now));
            } else if (!e.vehicle()) {
                decisions.add(decision(e, prev, 0, phasesOf(prev, rules), Reason.NO_VEHICLE, "no vehicle", null, now));
            } else if (e.mode() == EvseMode.OFF) {
                decisions.add(decision(e, prev, 0, phasesOf(prev, rules), Reason.OFF, "mode off", null, now));
            } else {
                shares.add(share(rules, e, prev));
            }
        }
        shares.sort(Comparator.comparingInt((Share s) -> -s.evse.priority())
                .thenComparing(s -> s.previous == null || s.previous.limitA() <= 0) // those charging keep their place
                .thenComparing(s -> s.evse.key()));

        // minimums, by priority
        double surplusRoom = surplus;
        for (Share s : shares) {
            prepare(rules, s, surplusRoom, now);
            double minW = s.evse.minA() * s.wattsPerA(rules.voltage());
            // stopping is judged without the buffer: a car at its minimum with the grid at zero keeps charging
            double margin = s.pvEnabled ? rules.bufferW() : 0;
            if (s.evse.mode() == EvseMode.PV && !pvWants(rules, s, surplusRoom + margin >= minW - EPS, now)) continue;
            String full = siteRoom < s.evse.minA() - EPS ? "site" : roomOf(circuitRoom, s) < s.evse.minA() - EPS ? "circuit" : null;
            if (full != null) {
                s.reason = full.equals("site") ? Reason.SITE_LIMIT : Reason.CIRCUIT_LIMIT;
                s.detail = "waiting: no room for the minimum under the " + (full.equals("site") ? "site limit" : "circuit " + s.evse.circuit());
                s.frozen = true;
                continue;
            }
            s.level = s.evse.minA();
            siteRoom -= s.level;
            if (s.evse.circuit() != null) circuitRoom.computeIfPresent(s.evse.circuit(), (c, r) -> r - s.evse.minA());
            // a vehicle that takes less than its minimum (full, pausing) uses only what it draws of the surplus
            surplusRoom -= s.vehicleCap != null ? Math.min(minW, s.evse.drawnW()) : minW;
        }

        // the rest, by priority and then fairly
        var groups = new TreeMap<Integer, List<Share>>(Comparator.reverseOrder());
        for (Share s : shares) if (s.level > 0 && !s.frozen) groups.computeIfAbsent(s.evse.priority(), p -> new ArrayList<>()).add(s);
        double[] rooms = {siteRoom, Math.max(0, surplusRoom)};
        for (List<Share> group : groups.values()) fill(rules, group, rooms, circuitRoom);

        for (Share s : shares) decisions.add(finish(rules, s, now));
        return new Result(decisions, surplus, rooms[0]);
    }

    /** Surplus as evcc defines it: − grid + charging − buffer; the battery's charging counts only above its priority SoC. */
    static double surplus(Rules rules, Site site, double chargingW) {
        if (site.gridW() == null) return 0;
        double battery = site.batteryW() == null ? 0 : site.batteryW();
        boolean batteryFirst = site.batterySoc() != null && site.batterySoc() < rules.batteryPrioritySoc();
        return -site.gridW() + chargingW - rules.bufferW() - Math.max(0, battery) + (batteryFirst ? 0 : Math.max(0, -battery));
    }

    private static Share share(Rules rules, Evse e, Decision prev) {
        Share s = new Share(e, prev);
        s.phases = e.phaseSwitching() ? phasesOf(prev, rules) : rules.phases();
        s.phasesSince = prev == null ? null : prev.phasesSince();
        s.pvEnabled = e.mode() == EvseMode.PV && prev != null && prev.pvEnabled();
        s.pendingSince = prev == null ? null : prev.pendingSince();
        return s;
    }

    /**
     * Phases (for an EVSE that can switch: 1 when the surplus left for it is below the 3-phase minimum,
     * 3 above it plus the hysteresis, never sooner than the minimum time after the last switch) and caps.
     */
    private static void prepare(Rules rules, Share s, double surplusLeft, Instant now) {
        Evse e = s.evse;
        if (e.phaseSwitching()) {
            double threePhaseMinW = e.minA() * rules.voltage() * 3;
            int wanted = !e.mode().surplusBound() || surplusLeft >= threePhaseMinW * (1 + rules.phaseHysteresis()) ? 3
                    : surplusLeft < threePhaseMinW ? 1 : s.phases;
            if (wanted != s.phases && (s.phasesSince == null || !now.isBefore(s.phasesSince.plus(rules.phaseSwitchMinTime())))) {
                s.phases = wanted;
                s.phasesSince = now;
            }
        }
        s.cap = Math.max(e.minA(), e.maxA());
        s.vehicleCap = vehicleCap(rules, e, s.previous, s.phases, now);
        if (s.vehicleCap != null) s.cap = Math.min(s.cap, s.vehicleCap);
    }

    /**
     * A vehicle that, with its limit unchanged for the settle time, draws clearly less than it may is
     * capped a little above its draw so the rest goes to others; the cap goes as soon as it draws up to it.
     * The draw is read as if on one phase (the power alone does not tell how many phases a car uses), so a
     * one-phase car drawing its full limit is never mistaken for one that draws a third of it.
     */
    private static Double vehicleCap(Rules rules, Evse e, Decision prev, int phases, Instant now) {
        if (prev == null || prev.limitA() <= 0 || prev.phases() != phases) return null; // a switch of phases starts afresh
        double drawnA = e.drawnW() / rules.voltage();
        if (prev.vehicleCapA() != null) return drawnA >= prev.vehicleCapA() - rules.stepA() ? null : prev.vehicleCapA();
        boolean settled = prev.limitSince() != null && !now.isBefore(prev.limitSince().plus(rules.vehicleSettle()));
        if (!settled || drawnA >= prev.limitA() - 2 * rules.stepA()) return null;
        return Math.max(e.minA(), Math.ceil((drawnA + 1) * 10) / 10);
    }

    /** pv mode: true when it should charge (at least its minimum) this round, after the enable and disable delays. */
    private static boolean pvWants(Rules rules, Share s, boolean enough, Instant now) {
        boolean pendingChange = s.pvEnabled != enough;
        if (!pendingChange) {
            s.pendingSince = null;
        } else {
            if (s.pendingSince == null) s.pendingSince = now;
            Duration delay = s.pvEnabled ? rules.disableDelay() : rules.enableDelay();
            if (!now.isBefore(s.pendingSince.plus(delay))) {
                s.pvEnabled = enough;
                s.pendingSince = null;
            }
        }
        if (!s.pvEnabled) {
            s.reason = Reason.NO_SURPLUS;
            s.detail = s.pendingSince == null ? "surplus below the minimum" : "surplus enough since " + s.pendingSince + ", waiting for the enable delay";
            s.frozen = true;
            return false;
        }
        if (s.pendingSince != null) {
            s.reason = Reason.STOPPING;
            s.detail = "surplus below the minimum since " + s.pendingSince + ": minimum until the disable delay ends";
        }
        return true;
    }

    private static double roomOf(Map<String, Double> circuitRoom, Share s) {
        return s.evse.circuit() == null ? Double.POSITIVE_INFINITY : circuitRoom.getOrDefault(s.evse.circuit(), Double.POSITIVE_INFINITY);
    }

    /**
     * Progressive filling of one priority group: all members rise by the same current until one reaches
     * its cap or a shared limit (site, a circuit, the surplus for pv/minpv members) runs out, which freezes
     * those concerned; repeated until everyone is frozen. rooms[0] is the site's room (A), rooms[1] the surplus (W).
     */
    private static void fill(Rules rules, List<Share> group, double[] rooms, Map<String, Double> circuitRoom) {
        var active = new ArrayList<>(group);
        while (!active.isEmpty()) {
            double inc = Double.POSITIVE_INFINITY;
            var perCircuit = new HashMap<String, Integer>();
            double surplusWPerA = 0;
            for (Share s : active) {
                inc = Math.min(inc, s.cap - s.level);
                if (s.evse.circuit() != null && circuitRoom.containsKey(s.evse.circuit())) perCircuit.merge(s.evse.circuit(), 1, Integer::sum);
                if (s.evse.mode().surplusBound()) surplusWPerA += s.wattsPerA(rules.voltage());
            }
            inc = Math.min(inc, rooms[0] / active.size());
            for (var c : perCircuit.entrySet()) inc = Math.min(inc, circuitRoom.get(c.getKey()) / c.getValue());
            if (surplusWPerA > 0) inc = Math.min(inc, rooms[1] / surplusWPerA);
            inc = Math.max(0, inc);
            for (Share s : active) s.level += inc;
            rooms[0] -= inc * active.size();
            rooms[1] -= inc * surplusWPerA;
            for (var c : perCircuit.entrySet()) circuitRoom.merge(c.getKey(), -inc * c.getValue(), Double::sum);

            boolean siteFull = rooms[0] <= EPS;
            boolean surplusGone = rooms[1] <= EPS;
            int before = active.size();
            active.removeIf(s -> {
                Reason r = null;
                if (s.cap - s.level <= EPS) r = s.vehicleCap != null && s.cap < s.evse.maxA() ? Reason.VEHICLE : Reason.MAX_CURRENT;
                else if (siteFull) r = Reason.SITE_LIMIT;
                else if (s.evse.circuit() != null && circuitRoom.getOrDefault(s.evse.circuit(), 1.0) <= EPS) r = Reason.CIRCUIT_LIMIT;
                else if (surplusGone && s.evse.mode().surplusBound()) r = Reason.SURPLUS;
                if (r == null) return false;
                if (s.reason != Reason.STOPPING) {
                    s.reason = r;
                    s.detail = detail(r, s, before);
                }
                return true;
            });
            if (active.size() == before && inc <= EPS) { // nothing moves any more (cannot happen with finite caps): stop safely
                active.forEach(s -> s.reason = Reason.SITE_LIMIT);
                break;
            }
        }
    }

    private static String detail(Reason r, Share s, int sharing) {
        return switch (r) {
            case VEHICLE -> "the vehicle draws less than allowed";
            case MAX_CURRENT -> "maximum current of the EVSE";
            case SITE_LIMIT -> "site limit, shared fairly among " + sharing + " EVSE(s) of priority " + s.evse.priority();
            case CIRCUIT_LIMIT -> "limit of circuit " + s.evse.circuit() + ", shared fairly";
            case SURPLUS -> s.evse.mode() == EvseMode.MINPV ? "minimum plus PV surplus" : "PV surplus";
            default -> r.key();
        };
    }

    /**
     * Rounds to 0.1 A down and keeps the last limit while the change is within a step. A decrease that
     * enforces a limit is always sent, and goes a step further down (not below the minimum), so that the
     * small ups and downs of a shared limit that follow do not each need a new profile; other changes of a
     * charging EVSE wait until its limit stood for the minimum change interval. Starting and stopping are
     * never delayed here.
     */
    private static Decision finish(Rules rules, Share s, Instant now) {
        double limit = Math.floor(s.level * 10 + EPS) / 10;
        Reason reason = s.reason == null ? Reason.MAX_CURRENT : s.reason;
        String detail = s.detail == null ? detail(reason, s, 1) : s.detail;
        Decision prev = s.previous;
        if (prev != null && prev.limitA() > 0 && limit > 0 && prev.phases() == s.phases && Math.abs(limit - prev.limitA()) <= rules.stepA()
                && (limit >= prev.limitA() || reason == Reason.SURPLUS || reason == Reason.STOPPING)) {
            limit = prev.limitA();
        } else if (prev != null && limit < prev.limitA() && limit > s.evse.minA() && (reason == Reason.SITE_LIMIT || reason == Reason.CIRCUIT_LIMIT)) {
            limit = Math.max(s.evse.minA(), Math.floor((limit - rules.stepA()) * 10 + EPS) / 10);
        } else if (prev != null && prev.limitA() > 0 && limit > 0 && prev.phases() == s.phases && prev.limitSince() != null
                && now.isBefore(prev.limitSince().plus(rules.minChangeInterval()))
                && (limit > prev.limitA() || reason == Reason.SURPLUS || reason == Reason.STOPPING || reason == Reason.VEHICLE)) {
            limit = prev.limitA(); // raised, or lowered for surplus, at most once per min-change-interval
        }
        Decision d = decision(s.evse, prev, limit, s.phases, reason, detail, null, now);
        return new Decision(d.key(), d.limitA(), d.phases(), d.reason(), d.detail(), s.pvEnabled, s.pendingSince, s.phasesSince,
                d.limitSince(), s.vehicleCap, now);
    }

    private static Decision decision(Evse e, Decision prev, double limitA, int phases, Reason reason, String detail, Decision keep, Instant now) {
        Instant limitSince = prev != null && prev.limitA() == limitA && prev.phases() == phases ? prev.limitSince() : now;
        if (keep != null) return new Decision(e.key(), limitA, phases, reason, detail, keep.pvEnabled(), keep.pendingSince(), keep.phasesSince(),
                limitSince, keep.vehicleCapA(), now);
        return new Decision(e.key(), limitA, phases, reason, detail, false, null, prev == null ? null : prev.phasesSince(), limitSince, null, now);
    }

    private static int phasesOf(Decision prev, Rules rules) {
        return prev == null ? rules.phases() : prev.phases();
    }
}
