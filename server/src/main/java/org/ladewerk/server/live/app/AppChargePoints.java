package org.ladewerk.server.live.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.live.LiveStation;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Role;
import org.springframework.stereotype.Component;

/**
 * The charge points (EVSEs) a user may use, with their live state, read from the in-memory
 * {@link LiveView}: for {@code GET /api/app/v1/charge-points} and the live-values WebSocket alike.
 * A driver sees the running session of an EVSE only when it charges with one of the driver's own
 * tags: on a shared charge point another driver's session is not its business. Who started each
 * running transaction is remembered from the events (asked from the database once otherwise).
 */
@Component
public class AppChargePoints {

    /** The running transaction on the EVSE: {@code energyWh} charged so far. */
    public record Session(long transactionId, Double energyWh) {}

    /** One EVSE as the app shows it; {@code session} is null when none runs or it is not the user's. */
    public record ChargePoint(String stationId, int evseId, boolean online, String status, String errorCode, Double powerW,
                              Session session, Instant statusAt) {
        ChargePoint withoutSession() {
            return session == null ? this : new ChargePoint(stationId, evseId, online, status, errorCode, powerW, null, statusAt);
        }
    }

    private static final int MAX_REMEMBERED = 100_000;

    private final LiveView view;
    private final OpenTransactions transactions;
    private final Map<Long, String> tagOfTransaction = new ConcurrentHashMap<>();

    public AppChargePoints(LiveView view, OpenTransactions transactions) {
        this.view = view;
        this.transactions = transactions;
        view.onChange(this::remember);
    }

    private void remember(StationEvent event) {
        if (event instanceof StationEvent.TransactionStarted t && t.idTag() != null) {
            if (tagOfTransaction.size() >= MAX_REMEMBERED) tagOfTransaction.clear();
            tagOfTransaction.put(t.transactionId(), t.idTag());
        } else if (event instanceof StationEvent.TransactionStopped t) {
            tagOfTransaction.remove(t.transactionId());
        }
    }

    /** Every EVSE the user may use, in station and EVSE order. */
    public List<ChargePoint> visible(AppUser user) {
        var list = new ArrayList<ChargePoint>();
        for (LiveStation station : view.stations()) {
            LiveStation.Snapshot s = station.snapshot();
            for (LiveStation.EvseSnapshot e : s.evses())
                if (user.mayUse(s.stationId(), e.evseId())) list.add(forUser(user, of(s, e)));
        }
        list.sort((a, b) -> a.stationId().equals(b.stationId()) ? Integer.compare(a.evseId(), b.evseId()) : a.stationId().compareTo(b.stationId()));
        return list;
    }

    /** The EVSE as it is now, with its session whoever owns it (callers apply {@link #forUser}). */
    public Optional<ChargePoint> current(String stationId, int evseId) {
        LiveStation station = view.station(stationId);
        if (station == null) return Optional.empty();
        LiveStation.Snapshot s = station.snapshot();
        return s.evses().stream().filter(e -> e.evseId() == evseId).findFirst().map(e -> of(s, e));
    }

    /** Every EVSE of the station as it is now (whoever owns their sessions). */
    public List<ChargePoint> current(String stationId) {
        LiveStation station = view.station(stationId);
        if (station == null) return List.of();
        LiveStation.Snapshot s = station.snapshot();
        return s.evses().stream().map(e -> of(s, e)).toList();
    }

    /** The charge point as this user may see it. */
    public ChargePoint forUser(AppUser user, ChargePoint cp) {
        return cp.session() == null || owns(user, cp.session().transactionId()) ? cp : cp.withoutSession();
    }

    /** Whether the user may see and stop the transaction: admins and operators any, a driver those of its tags. */
    public boolean owns(AppUser user, long transactionId) {
        if (user.role() != Role.driver) return true;
        String tag = tagOfTransaction.get(transactionId);
        if (tag == null) {
            tag = transactions.tagOf(transactionId);
            if (tag != null) tagOfTransaction.put(transactionId, tag);
        }
        return tag != null && user.idTags().contains(tag);
    }

    private static ChargePoint of(LiveStation.Snapshot s, LiveStation.EvseSnapshot e) {
        LiveStation.ConnectorSnapshot c = e.connectors().isEmpty() ? null : e.connectors().getFirst();
        Session session = e.transactionId() == null ? null : new Session(e.transactionId(), e.sessionEnergyWh());
        return new ChargePoint(s.stationId(), e.evseId(), s.online(), c == null ? null : c.status(), c == null ? null : c.errorCode(),
                e.powerW(), session, c == null ? null : c.statusAt());
    }
}
