package org.ladewerk.server.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.transaction.MeterSample;
import org.springframework.stereotype.Component;

/**
 * Builds plug-in sessions from station events alone, in the same database transaction as the event's
 * change, so a session is exactly as durable as what the station reported and a restart or reconnect
 * changes nothing. A status that means "a car is there" (1.6 Preparing, Charging, SuspendedEV/EVSE,
 * Finishing; 2.x Occupied) or a transaction start opens a session on that EVSE unless one is open;
 * Available closes it. Charging time comes from the status Charging (1.6) or a positive active power
 * sample (any version), so idle time is plugged-in time without charging. Queued messages of a station
 * that was offline carry their own timestamps, so a late Available still closes the session at the
 * right time; at most one session per EVSE is open (a unique key), so nothing is duplicated.
 */
@Component
public class SessionTracker {

    /** Told of every session that closed, inside the closing transaction (the EMM outbox row, the archive). */
    @FunctionalInterface
    public interface CompletionListener {
        void completed(Tx tx, ChargingSession session);
    }

    private static final Set<String> PLUGGED = Set.of("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Occupied");
    private static final Set<String> NOT_CHARGING = Set.of("SuspendedEV", "SuspendedEVSE", "Finishing", "Available", "Preparing");

    /** What is known of an open session after commit: lets meter samples that change nothing skip the database. */
    private record Known(long id, double maxPowerW, boolean charging) {}

    /** Known to have no open session: samples of an idle EVSE cost no query. */
    private static final Known NONE = new Known(-1, Double.MAX_VALUE, false);

    private final SessionStore sessions;
    private final List<CompletionListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Known> open = new ConcurrentHashMap<>();

    public SessionTracker(EventBus events, SessionStore sessions) {
        this.sessions = sessions;
        events.addTransactionalListener(this::onEvent);
    }

    public void addCompletionListener(CompletionListener listener) {
        listeners.add(listener);
    }

    private void onEvent(Tx tx, StationEvent event) {
        switch (event) {
            case StationEvent.StatusChanged s when s.evseId() > 0 -> status(tx, s);
            case StationEvent.TransactionStarted t -> started(tx, t);
            case StationEvent.TransactionStopped t -> stopped(tx, t);
            case StationEvent.MeterSampled m when m.evseId() > 0 -> sampled(tx, m);
            default -> { }
        }
    }

    private void status(Tx tx, StationEvent.StatusChanged s) {
        Optional<SessionStore.OpenSession> current = sessions.open(tx, s.stationId(), s.evseId());
        if (PLUGGED.contains(s.status())) {
            long id = current.map(SessionStore.OpenSession::id)
                    .orElseGet(() -> opened(tx, s.stationId(), s.evseId(), s.connectorId(), s.at()));
            if ("Charging".equals(s.status())) charging(tx, s.stationId(), s.evseId(), id, true, s.at());
            else if (NOT_CHARGING.contains(s.status())) charging(tx, s.stationId(), s.evseId(), id, false, s.at());
        } else if ("Available".equals(s.status()) && current.isPresent()) {
            close(tx, s.stationId(), s.evseId(), current.get().id(), s.at());
        }
    }

    private void started(Tx tx, StationEvent.TransactionStarted t) {
        int evse = t.evseId();
        if (evse <= 0) return;
        long id = sessions.open(tx, t.stationId(), evse).map(SessionStore.OpenSession::id)
                .orElseGet(() -> opened(tx, t.stationId(), evse, 1, t.at()));
        sessions.attachTransaction(tx, id, t.transactionId(), t.idTag());
    }

    /** Takes the transaction's meter readings; a session already unplugged was waiting for this and completes now. */
    private void stopped(Tx tx, StationEvent.TransactionStopped t) {
        sessions.transactionStopped(tx, t.transactionId(), t.reason()).ifPresent(s -> {
            if (s.open()) sessions.chargingEnded(tx, s.id(), t.at());
            else complete(tx, s.id());
        });
    }

    private void sampled(Tx tx, StationEvent.MeterSampled m) {
        Double power = activePowerW(m.samples());
        if (power == null) return;
        String key = SessionStore.openKey(m.stationId(), m.evseId());
        Known known = open.get(key);
        boolean charging = power > 0;
        if (known == NONE || known != null && power <= known.maxPowerW() && charging == known.charging()) return;
        Optional<SessionStore.OpenSession> current = sessions.open(tx, m.stationId(), m.evseId());
        if (current.isEmpty()) {
            tx.afterCommit(() -> open.putIfAbsent(key, NONE));
            return;
        }
        SessionStore.OpenSession s = current.get();
        double max = Math.max(power, s.maxPowerW() == null ? 0 : s.maxPowerW());
        if (s.maxPowerW() == null || power > s.maxPowerW()) sessions.maxPower(tx, s.id(), power);
        if (charging != (s.chargingSince() != null)) charging(tx, m.stationId(), m.evseId(), s.id(), charging, m.at());
        tx.afterCommit(() -> open.put(key, new Known(s.id(), max, charging)));
    }

    private long opened(Tx tx, String stationId, int evseId, int connectorId, Instant at) {
        long id = sessions.insert(tx, stationId, evseId, connectorId, at);
        String key = SessionStore.openKey(stationId, evseId);
        tx.afterCommit(() -> open.remove(key));
        return id;
    }

    private void charging(Tx tx, String stationId, int evseId, long id, boolean charging, Instant at) {
        if (charging) sessions.chargingStarted(tx, id, at);
        else sessions.chargingEnded(tx, id, at);
        // the next sample reads the session again
        String key = SessionStore.openKey(stationId, evseId);
        tx.afterCommit(() -> open.remove(key));
    }

    /** Unplugged: complete unless its transaction has not stopped yet (2.x may report Available before Ended). */
    private void close(Tx tx, String stationId, int evseId, long id, Instant at) {
        sessions.chargingEnded(tx, id, at);
        boolean waiting = sessions.unplug(tx, id, at);
        String key = SessionStore.openKey(stationId, evseId);
        tx.afterCommit(() -> open.remove(key));
        if (!waiting) complete(tx, id);
    }

    /** Closes a session whose unplug never came (see {@link StaleSessions}); it completes whatever its transaction does. */
    void closeStale(Tx tx, String stationId, int evseId, long id, Instant at) {
        sessions.chargingEnded(tx, id, at);
        sessions.unplug(tx, id, at);
        sessions.stale(tx, id);
        String key = SessionStore.openKey(stationId, evseId);
        tx.afterCommit(() -> open.remove(key));
        complete(tx, id);
    }

    private void complete(Tx tx, long id) {
        ChargingSession done = sessions.complete(tx, id);
        for (CompletionListener l : listeners) l.completed(tx, done);
    }

    /** The highest total active power among the samples, in W; null when there is none. */
    static Double activePowerW(List<MeterSample> samples) {
        Double max = null;
        for (MeterSample s : samples) {
            if (!"Power.Active.Import".equals(s.measurand()) || s.phase() != null) continue;
            Double v = s.numericValue();
            if (v == null) continue;
            double w = "kW".equals(s.unit()) ? v * 1000 : v;
            if (max == null || w > max) max = w;
        }
        return max;
    }
}
