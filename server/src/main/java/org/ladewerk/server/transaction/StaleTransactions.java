package org.ladewerk.server.transaction;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Closes transactions that a station dropped without ever stopping them (a rejected start it gave
 * up on, a crash, a lost offline queue). Left open, such a transaction stays open forever and keeps
 * its tag busy, so later starts with the same card are refused ConcurrentTx. The station tells us
 * such a transaction is over in three ways:
 * <ul>
 * <li>it starts a new transaction on the same EVSE (a transaction begun earlier cannot still run);</li>
 * <li>the connector reports Available {@code ladewerk.transactions.stale-after} after the last energy
 *     reading, or after the station booted since that reading;</li>
 * <li>an OCPP 2.x station says the transaction is not ongoing (GetTransactionStatus).</li>
 * </ul>
 * The close is what a stop would have recorded: stop time when we learned it was over, meter stop =
 * the last known register reading, stop reason {@value #STOP_REASON} and a {@code stale_cause}. It is
 * published as a transaction stop like any other. A real stop that arrives later still wins: it
 * replaces these values and clears the cause. Everything runs inside the unit that brought the news,
 * so it commits with it; all writes of one station are serialised by the group committer.
 */
@Component
public class StaleTransactions {

    public static final String STOP_REASON = "ClosedByCentralSystem";

    private record Open(long id, String stationId, Instant startAt) {}

    /** The latest energy register reading of a transaction, in Wh. */
    record Reading(Instant at, BigDecimal wattHours) {}

    private final Duration staleAfter;
    private final EventBus events;
    private final JdbcClient jdbc;

    public StaleTransactions(EventBus events, JdbcClient jdbc, LadewerkProperties properties) {
        this.events = events;
        this.jdbc = jdbc;
        this.staleAfter = properties.transactions().staleAfter();
        events.addTransactionalListener(this::onEvent);
    }

    private void onEvent(Tx tx, StationEvent event) {
        if (event instanceof StationEvent.StatusChanged s && "Available".equals(s.status()) && s.evseId() > 0)
            connectorAvailable(tx, s.stationId(), s.evseId(), s.at());
    }

    /** A transaction starts at {@code startAt} on the EVSE: any other one begun there before it was dropped. */
    void newStart(Tx tx, String stationId, int evseId, Instant startAt) {
        if (evseId <= 0) return;
        for (Open t : open(tx, stationId, evseId))
            if (!t.startAt().isAfter(startAt)) close(tx, t, startAt, "NewTransaction");
    }

    private void connectorAvailable(Tx tx, String stationId, int evseId, Instant at) {
        List<Open> open = open(tx, stationId, evseId);
        if (open.isEmpty()) return;
        Instant booted = tx.jdbc().sql("SELECT last_boot_at FROM station WHERE id = ?").param(stationId)
                .query((rs, n) -> Optional.ofNullable(instant(rs, "last_boot_at"))).single().orElse(null);
        for (Open t : open) {
            Instant last = lastReading(tx, t.id()).map(Reading::at).filter(r -> r.isAfter(t.startAt())).orElse(t.startAt());
            boolean quietTooLong = !at.isBefore(last.plus(staleAfter));
            boolean rebootedSince = booted != null && booted.isAfter(last);
            if (quietTooLong || rebootedSince) close(tx, t, at.isBefore(t.startAt()) ? t.startAt() : at, "ConnectorAvailable");
        }
    }

    /** An OCPP 2.x station answered that this transaction is not ongoing and nothing of it is queued. */
    public void notOngoing(Tx tx, String stationId, String stationTxId, Instant now) {
        tx.jdbc().sql("SELECT id, station_id, start_at FROM charging_transaction WHERE station_id = ? AND station_tx_id = ? AND stop_at IS NULL")
                .params(stationId, stationTxId).query((rs, n) -> new Open(rs.getLong(1), rs.getString(2), instant(rs, "start_at")))
                .optional().ifPresent(t -> close(tx, t, now, "NotOngoing"));
    }

    /** The station's own ids of its open OCPP 2.x transactions, to ask it which of them still run. */
    public List<String> openStationTransactionIds(String stationId) {
        return jdbc.sql("SELECT station_tx_id FROM charging_transaction WHERE station_id = ? AND stop_at IS NULL AND station_tx_id IS NOT NULL")
                .param(stationId).query(String.class).list();
    }

    private static List<Open> open(Tx tx, String stationId, int evseId) {
        return tx.jdbc().sql("SELECT id, station_id, start_at FROM charging_transaction WHERE station_id = ? AND evse_id = ? AND stop_at IS NULL")
                .params(stationId, evseId).query((rs, n) -> new Open(rs.getLong(1), rs.getString(2), instant(rs, "start_at"))).list();
    }

    private void close(Tx tx, Open t, Instant stopAt, String cause) {
        BigDecimal reading = lastReading(tx, t.id()).map(Reading::wattHours).orElse(null);
        int closed = tx.jdbc().sql("""
                UPDATE charging_transaction SET stop_at = ?, stop_reason = ?, stale_cause = ?,
                  meter_stop_wh = COALESCE(?, meter_stop_wh, meter_start_wh)
                WHERE id = ? AND stop_at IS NULL""")
                .params(ts(stopAt), STOP_REASON, cause, reading, t.id()).update();
        if (closed > 0) StopEvents.publish(tx, events, t.stationId(), t.id(), STOP_REASON, stopAt);
    }

    /**
     * The last known energy register reading of a transaction (Energy.Active.Import.Register, no
     * phase), in Wh. The one place that reads it back from meter storage. Samples of a unit are
     * written when its batch commits; that is early enough, because a station sends its next
     * message only after the previous one was answered, i.e. committed.
     */
    static Optional<Reading> lastReading(Tx tx, long transactionId) {
        return tx.jdbc().sql("""
                SELECT sampled_at, register_wh FROM meter_value
                WHERE transaction_id = ? AND register_wh IS NOT NULL
                ORDER BY sampled_at DESC LIMIT 1""")
                .param(transactionId)
                .query((rs, n) -> new Reading(instant(rs, "sampled_at"),
                        EnergyRegister.wattHours(BigDecimal.valueOf(rs.getDouble("register_wh")), "Wh")))
                .optional();
    }
}
