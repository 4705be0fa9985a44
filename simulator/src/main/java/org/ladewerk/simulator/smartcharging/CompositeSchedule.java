package org.ladewerk.simulator.smartcharging;

import static org.ladewerk.simulator.smartcharging.ChargingProfiles.CHARGE_POINT_MAX;
import static org.ladewerk.simulator.smartcharging.ChargingProfiles.TX;
import static org.ladewerk.simulator.smartcharging.ChargingProfiles.TX_DEFAULT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.ladewerk.ocpp.v16.ChargingProfile;
import org.ladewerk.ocpp.v16.ChargingSchedule;
import org.ladewerk.ocpp.v16.ChargingSchedulePeriod;

/**
 * The OCPP 1.6 composite schedule: per purpose the valid profile with the highest stack level
 * that has a period at the instant wins; a TxProfile overrides the TxDefaultProfile (one set on the
 * connector itself overrides one set on connector 0), and the ChargePointMaxProfile caps both.
 * Limits are handled in W; amperes are converted with the connector's {@link Electrical}.
 */
public final class CompositeSchedule {

    /**
     * The transaction on the connector, if any, and where Relative profiles start: at the
     * transaction's start, or at {@code relativeStart} (the query's start) without one.
     */
    public record TxContext(Integer transactionId, Instant transactionStart, Instant relativeStart) {
        public static TxContext none(Instant relativeStart) {
            return new TxContext(null, null, relativeStart);
        }
    }

    /** A limit in W from {@code startSeconds} after the schedule's start. */
    public record Period(long startSeconds, double limitW) {}

    private static final long DAY = 86_400;
    private static final long WEEK = 7 * DAY;

    private CompositeSchedule() {
    }

    /** The connector's limit in W at {@code t}; {@code POSITIVE_INFINITY} when no profile limits it. Connector 0: the station's. */
    public static double limitW(List<InstalledProfile> profiles, int connectorId, Instant t, TxContext tx, Electrical e) {
        if (profiles.isEmpty()) return Double.POSITIVE_INFINITY; // the usual case, asked for every connector at every tick
        double station = purposeLimit(profiles, CHARGE_POINT_MAX, 0, t, tx, e).orElse(Double.POSITIVE_INFINITY);
        if (connectorId == 0) return station;
        OptionalDouble txLimit = tx.transactionId() == null ? OptionalDouble.empty()
                : purposeLimit(profiles, TX, connectorId, t, tx, e);
        if (txLimit.isEmpty()) txLimit = purposeLimit(profiles, TX_DEFAULT, connectorId, t, tx, e);
        if (txLimit.isEmpty()) txLimit = purposeLimit(profiles, TX_DEFAULT, 0, t, tx, e);
        return Math.min(station, txLimit.orElse(Double.POSITIVE_INFINITY));
    }

    /**
     * GetCompositeSchedule: the limit over {@code durationSeconds} from {@code from}, as periods
     * where it changes. Where nothing limits, the connector's rating {@code ratedW} applies.
     */
    public static List<Period> periods(List<InstalledProfile> profiles, int connectorId, Instant from, int durationSeconds,
                                       TxContext tx, Electrical e, double ratedW) {
        Instant to = from.plusSeconds(durationSeconds);
        var breaks = new TreeSet<Instant>();
        breaks.add(from);
        for (InstalledProfile p : profiles) breakpoints(p.profile(), from, to, tx, breaks);
        var out = new ArrayList<Period>();
        for (Instant b : breaks) {
            if (b.isBefore(from) || !b.isBefore(to)) continue;
            double limit = Math.min(ratedW, limitW(profiles, connectorId, b, tx, e));
            if (out.isEmpty() || Math.abs(out.getLast().limitW() - limit) > 1e-6)
                out.add(new Period(Duration.between(from, b).getSeconds(), limit));
        }
        return out;
    }

    /** The periods as an OCPP ChargingSchedule in {@code unit} (A or W). */
    public static ChargingSchedule toSchedule(List<Period> periods, Instant from, int durationSeconds, String unit, Electrical e) {
        boolean amps = "A".equals(unit);
        var list = periods.stream().map(p -> new ChargingSchedulePeriod((int) p.startSeconds(),
                round1(amps ? e.amperes(p.limitW()) : p.limitW()), amps && !e.dc() ? e.phases() : null)).toList();
        return new ChargingSchedule(durationSeconds, from, amps ? "A" : "W", list, null);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The limit of the winning profile of one purpose on one connector (exactly that connector id). */
    static OptionalDouble purposeLimit(List<InstalledProfile> profiles, String purpose, int connectorId, Instant t,
                                       TxContext tx, Electrical e) {
        return profiles.stream()
                .filter(p -> p.connectorId() == connectorId && purpose.equals(p.purpose()))
                .sorted(Comparator.comparingInt(InstalledProfile::stackLevel).reversed())
                .map(p -> activePeriod(p.profile(), t, tx).map(period -> watts(p.profile(), period, e)))
                .flatMap(Optional::stream)
                .mapToDouble(Double::doubleValue)
                .findFirst();
    }

    private static double watts(ChargingProfile p, ChargingSchedulePeriod period, Electrical e) {
        return "W".equals(p.chargingSchedule().chargingRateUnit()) ? period.limit() : e.watts(period.limit(), period.numberPhases());
    }

    /** The period of {@code p} in force at {@code t}, if the profile applies then. */
    static Optional<ChargingSchedulePeriod> activePeriod(ChargingProfile p, Instant t, TxContext tx) {
        if (p.validFrom() != null && t.isBefore(p.validFrom())) return Optional.empty();
        if (p.validTo() != null && !t.isBefore(p.validTo())) return Optional.empty();
        if (TX.equals(p.chargingProfilePurpose()) && p.transactionId() != null && !p.transactionId().equals(tx.transactionId()))
            return Optional.empty();
        Instant start = scheduleStart(p, t, tx);
        if (start == null) return Optional.empty();
        long elapsed = Math.floorDiv(Duration.between(start, t).toMillis(), 1000);
        ChargingSchedule s = p.chargingSchedule();
        if (elapsed < 0 || (s.duration() != null && elapsed >= s.duration())) return Optional.empty();
        ChargingSchedulePeriod active = null;
        for (ChargingSchedulePeriod period : s.chargingSchedulePeriod()) {
            if (period.startPeriod() <= elapsed && (active == null || period.startPeriod() >= active.startPeriod())) active = period;
        }
        return Optional.ofNullable(active);
    }

    /** When the schedule that covers {@code t} started; for a recurring one, the latest recurrence at or before {@code t}. */
    static Instant scheduleStart(ChargingProfile p, Instant t, TxContext tx) {
        ChargingSchedule s = p.chargingSchedule();
        return switch (p.chargingProfileKind() == null ? "Absolute" : p.chargingProfileKind()) {
            case "Relative" -> tx.transactionStart() != null ? tx.transactionStart() : tx.relativeStart();
            case "Recurring" -> {
                if (s.startSchedule() == null) yield null;
                long period = "Weekly".equals(p.recurrencyKind()) ? WEEK : DAY;
                long cycles = Math.floorDiv(Duration.between(s.startSchedule(), t).getSeconds(), period);
                yield s.startSchedule().plusSeconds(cycles * period);
            }
            default -> s.startSchedule() != null ? s.startSchedule()
                    : p.validFrom() != null ? p.validFrom()
                    : tx.transactionStart() != null ? tx.transactionStart() : tx.relativeStart();
        };
    }

    /** Every instant in [from, to) where this profile's contribution may change. */
    private static void breakpoints(ChargingProfile p, Instant from, Instant to, TxContext tx, TreeSet<Instant> into) {
        if (p.validFrom() != null) into.add(p.validFrom());
        if (p.validTo() != null) into.add(p.validTo());
        ChargingSchedule s = p.chargingSchedule();
        long period = "Recurring".equals(p.chargingProfileKind()) ? ("Weekly".equals(p.recurrencyKind()) ? WEEK : DAY) : 0;
        Instant start = scheduleStart(p, from, tx);
        if (start == null) return;
        // a recurring schedule repeats: walk its cycles across the window
        for (Instant cycle = start; cycle.isBefore(to); cycle = cycle.plusSeconds(period)) {
            for (ChargingSchedulePeriod sp : s.chargingSchedulePeriod()) into.add(cycle.plusSeconds(sp.startPeriod()));
            if (s.duration() != null) into.add(cycle.plusSeconds(s.duration()));
            if (period == 0) break;
        }
    }
}
