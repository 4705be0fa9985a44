package org.ladewerk.server.transaction;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.integer;
import static org.ladewerk.server.store.Sql.ts;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ladewerk.server.authorization.Authorization;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/** Transactions and their meter samples. */
@Service
public class TransactionService {

    public record StartRequest(String stationId, int evseId, int connectorId, String idTag, long meterStartWh,
                               Instant timestamp, Integer reservationId) {}

    public record StartResult(long transactionId, Authorization authorization) {}

    public record StopRequest(String stationId, long transactionId, String idTag, long meterStopWh, Instant timestamp,
                              String reason, List<MeterSample> samples) {}

    public record TransactionFilter(String stationId, String idTag, Instant from, Instant to, Boolean open,
                                    int limit, int offset) {}

    /** One row per MeterValue element, its sampled values encoded together (see {@link MeterValueCodec}). */
    private static final String INSERT_METER_VALUE = """
            INSERT INTO meter_value (station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private static final int MAX_REMEMBERED_OWNERS = 100_000;

    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final IdTagService idTags;
    private final ConcurrentHashMap<Long, String> owners = new ConcurrentHashMap<>();
    private final EventBus events;
    private final StaleTransactions stale;

    public TransactionService(GroupCommitter store, JdbcClient jdbc, IdTagService idTags, EventBus events, StaleTransactions stale) {
        this.store = store;
        this.stale = stale;
        this.events = events;
        this.jdbc = jdbc;
        this.idTags = idTags;
    }

    /**
     * Records a started transaction. A retry of the same start (same station, connector, tag, meter
     * and time) returns the transaction created the first time and its original answer. A transaction
     * still open on the same connector was dropped by the station: it is closed first, so it no
     * longer counts against the tag.
     */
    public CompletableFuture<StartResult> start(StartRequest r) {
        return store.submit(tx -> {
            Optional<StartResult> retry = tx.jdbc().sql("""
                    SELECT c.id, c.auth_status, t.expiry_at, t.parent_id_tag FROM charging_transaction c
                    LEFT JOIN id_tag t ON t.id_tag = c.id_tag
                    WHERE c.station_id = ? AND c.evse_id = ? AND c.connector_id = ? AND c.start_at = ? AND c.id_tag = ? AND c.meter_start_wh = ?""")
                    .params(r.stationId(), r.evseId(), r.connectorId(), ts(r.timestamp()), r.idTag(), r.meterStartWh())
                    .query((rs, n) -> new StartResult(rs.getLong("id"), new Authorization(
                            AuthorizationStatus.valueOf(rs.getString("auth_status")), instant(rs, "expiry_at"), rs.getString("parent_id_tag"))))
                    .optional();
            if (retry.isPresent()) return retry.get();

            stale.newStart(tx, r.stationId(), r.evseId(), r.timestamp());
            Authorization auth = idTags.authorize(tx, r.idTag(), true);
            Instant now = Instant.now();
            var key = new GeneratedKeyHolder();
            tx.jdbc().sql("""
                    INSERT INTO charging_transaction (station_id, evse_id, connector_id, id_tag, auth_status, meter_start_wh,
                      start_at, reservation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(r.stationId(), r.evseId(), r.connectorId(), r.idTag(), auth.status().name(), r.meterStartWh(),
                            ts(r.timestamp()), r.reservationId(), ts(now))
                    .update(key, "id");
            long id = key.getKeyAs(Long.class);
            if (r.reservationId() != null) consumeReservation(tx, r.stationId(), r.reservationId(), id, now);
            remember(tx, id, r.stationId());
            events.publish(tx, new StationEvent.TransactionStarted(r.stationId(), id, Long.toString(id), r.evseId(), r.idTag(), r.timestamp()));
            return new StartResult(id, auth);
        });
    }

    public CompletableFuture<Void> meterValues(String stationId, int evseId, Long transactionId, List<MeterSample> samples) {
        // encoded here, on the station's thread, so the single writer thread only inserts
        List<EncodedElement> elements = encode(samples);
        return store.submit(tx -> {
            Long linked = transactionId != null && belongsTo(tx, transactionId, stationId) ? transactionId : null;
            addSamples(tx, stationId, evseId, linked, samples, elements);
            return null;
        }, bytes(samples));
    }

    /** About what the samples hold in memory until committed (what they count against the store's queue). */
    private static long bytes(List<MeterSample> samples) {
        long bytes = 256;
        for (MeterSample s : samples)
            bytes += 200 + 2L * (s.value() == null ? 0 : s.value().length()) + 2L * (s.signedData() == null ? 0 : s.signedData().length());
        return bytes;
    }

    /**
     * Records a stop. An unknown transaction id is still accepted (kept in unmatched_stop) so the
     * station does not retry forever; a repeated stop leaves the first one in place. A stop for a
     * transaction the central system closed as stale wins: it replaces the estimated stop.
     */
    public CompletableFuture<Optional<Authorization>> stop(StopRequest r) {
        return store.submit(tx -> {
            Optional<Integer> evse = tx.jdbc().sql("SELECT evse_id FROM charging_transaction WHERE id = ? AND station_id = ?")
                    .params(r.transactionId(), r.stationId()).query(Integer.class).optional();
            Instant now = Instant.now();
            // the final readings come before the stop, for stores and subscribers alike
            addSamples(tx, r.stationId(), evse.orElse(0), evse.isPresent() ? r.transactionId() : null, r.samples());
            if (evse.isPresent()) {
                int stopped = tx.jdbc().sql("""
                        UPDATE charging_transaction SET meter_stop_wh = ?, stop_at = ?, stop_reason = ?, stop_id_tag = ?, stale_cause = NULL
                        WHERE id = ? AND (stop_at IS NULL OR stale_cause IS NOT NULL)""")
                        .params(r.meterStopWh(), ts(r.timestamp()), r.reason(), r.idTag(), r.transactionId()).update();
                if (stopped > 0) StopEvents.publish(tx, events, r.stationId(), r.transactionId(), r.reason(), r.timestamp());
            } else {
                tx.jdbc().sql("""
                        INSERT INTO unmatched_stop (station_id, transaction_id, id_tag, meter_stop_wh, stop_at, stop_reason, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                        .params(r.stationId(), r.transactionId(), r.idTag(), r.meterStopWh(), ts(r.timestamp()), r.reason(), ts(now))
                        .update();
            }
            return r.idTag() == null ? Optional.<Authorization>empty() : Optional.of(idTags.authorize(tx, r.idTag(), false));
        });
    }

    /**
     * One OCPP 2.x TransactionEvent. {@code idToken} is null when none was presented; {@code authorize}
     * is false for tokens that need no check (type NoAuthorization). {@code remoteStartId} links it to
     * a RequestStartTransaction of the central system.
     */
    public record TransactionEventReport(String stationId, String stationTxId, String eventType, Instant timestamp,
                                         String triggerReason, int seqNo, boolean offline, Integer evseId, Integer connectorId,
                                         String idToken, boolean authorize, String chargingState, String stoppedReason,
                                         Integer reservationId, Integer remoteStartId, List<MeterSample> samples) {}

    public record TransactionEventResult(long transactionId, Optional<Authorization> authorization, boolean duplicate) {}

    private record KnownTransaction(long id, String idTag, int evseId) {}

    /**
     * Builds a transaction from its events. Events may be retried (same seqNo: recognised, nothing
     * changes) or arrive out of order after an outage: the Started event decides the start time, the
     * Ended event the stop, the highest seqNo the charging state, and the earliest and latest energy
     * readings the meter start and stop, whatever order they come in. A new transaction on an EVSE
     * closes one still open there (see {@link StaleTransactions}). A transaction started by
     * RequestStartTransaction whose events carry no idToken gets the tag the central system sent.
     */
    public CompletableFuture<TransactionEventResult> transactionEvent(TransactionEventReport e) {
        return store.submit(tx -> {
            Optional<KnownTransaction> known = tx.jdbc().sql("SELECT id, id_tag, evse_id FROM charging_transaction WHERE station_id = ? AND station_tx_id = ?")
                    .params(e.stationId(), e.stationTxId())
                    .query((rs, n) -> new KnownTransaction(rs.getLong(1), rs.getString(2), rs.getInt(3))).optional();
            boolean duplicate = known.isPresent() && tx.jdbc().sql("SELECT COUNT(*) FROM transaction_event WHERE station_id = ? AND station_tx_id = ? AND seq_no = ?")
                    .params(e.stationId(), e.stationTxId(), e.seqNo()).query(Integer.class).single() > 0;
            if (known.isEmpty() && e.evseId() != null) stale.newStart(tx, e.stationId(), e.evseId(), e.timestamp());
            String token = e.idToken() != null ? e.idToken() : RemoteStarts.tag(tx, e.stationId(), e.remoteStartId());
            boolean firstToken = token != null && (known.isEmpty() || known.get().idTag() == null);
            // ConcurrentTx is an answer to the Started event only; later events just say whether the token is valid
            boolean checkConcurrent = firstToken && !duplicate && "Started".equals(e.eventType());
            Optional<Authorization> tokenAuth = Optional.ofNullable(token).map(t -> e.idToken() == null || e.authorize()
                    ? idTags.authorize(tx, t, checkConcurrent)
                    : new Authorization(AuthorizationStatus.Accepted, null, null));
            // idTokenInfo answers a token the station sent, not one it left out
            Optional<Authorization> auth = e.idToken() == null ? Optional.empty() : tokenAuth;
            if (duplicate) return new TransactionEventResult(known.get().id(), auth, true);

            Instant now = Instant.now();
            long id;
            if (known.isEmpty()) {
                var key = new GeneratedKeyHolder();
                tx.jdbc().sql("""
                        INSERT INTO charging_transaction (station_id, station_tx_id, evse_id, connector_id, id_tag, auth_status,
                          start_at, reservation_id, charging_state, last_seq_no, remote_start_id, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(e.stationId(), e.stationTxId(), e.evseId() == null ? 0 : e.evseId(),
                                e.connectorId() != null ? e.connectorId() : e.evseId() != null ? 1 : 0, token,
                                tokenAuth.map(a -> a.status().name()).orElse(null), ts(e.timestamp()), e.reservationId(),
                                e.chargingState(), e.seqNo(), e.remoteStartId(), ts(now))
                        .update(key, "id");
                id = key.getKeyAs(Long.class);
            } else {
                id = known.get().id();
                if (firstToken)
                    tx.jdbc().sql("UPDATE charging_transaction SET id_tag = ?, auth_status = ? WHERE id = ?")
                            .params(token, tokenAuth.get().status().name(), id).update();
                if (e.remoteStartId() != null)
                    tx.jdbc().sql("UPDATE charging_transaction SET remote_start_id = ? WHERE id = ?").params(e.remoteStartId(), id).update();
                if (known.get().evseId() == 0 && e.evseId() != null)
                    tx.jdbc().sql("UPDATE charging_transaction SET evse_id = ?, connector_id = ? WHERE id = ?")
                            .params(e.evseId(), e.connectorId() == null ? 1 : e.connectorId(), id).update();
                if (e.chargingState() != null)
                    tx.jdbc().sql("UPDATE charging_transaction SET charging_state = ?, last_seq_no = ? WHERE id = ? AND (last_seq_no IS NULL OR last_seq_no < ?)")
                            .params(e.chargingState(), e.seqNo(), id, e.seqNo()).update();
            }
            tx.jdbc().sql("""
                    INSERT INTO transaction_event (transaction_id, station_id, station_tx_id, seq_no, event_type, trigger_reason,
                      event_at, offline, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, e.stationId(), e.stationTxId(), e.seqNo(), e.eventType(), e.triggerReason(), ts(e.timestamp()),
                            e.offline(), ts(now)).update();

            if ("Started".equals(e.eventType())) {
                tx.jdbc().sql("UPDATE charging_transaction SET start_at = ? WHERE id = ?").params(ts(e.timestamp()), id).update();
                if (e.reservationId() != null) consumeReservation(tx, e.stationId(), e.reservationId(), id, now);
                events.publish(tx, new StationEvent.TransactionStarted(e.stationId(), id, e.stationTxId(),
                        e.evseId() == null ? 0 : e.evseId(), token, e.timestamp()));
            }
            if (!"Started".equals(e.eventType())) {
                // until the Started event is known, the earliest event tells when the transaction began
                tx.jdbc().sql("""
                        UPDATE charging_transaction SET start_at = ? WHERE id = ? AND start_at > ?
                          AND NOT EXISTS (SELECT 1 FROM transaction_event v WHERE v.transaction_id = ? AND v.event_type = 'Started')""")
                        .params(ts(e.timestamp()), id, ts(e.timestamp()), id).update();
            }
            energyReadings(tx, id, e.samples());
            if ("Ended".equals(e.eventType())) {
                String reason = e.stoppedReason() == null ? "Local" : e.stoppedReason();
                tx.jdbc().sql("UPDATE charging_transaction SET stop_at = ?, stop_reason = ?, stop_id_tag = ?, stale_cause = NULL WHERE id = ?")
                        .params(ts(e.timestamp()), reason, e.idToken(), id).update();
                StopEvents.publish(tx, events, e.stationId(), id, reason, e.timestamp());
            }
            addSamples(tx, e.stationId(), e.evseId() == null ? known.map(KnownTransaction::evseId).orElse(0) : e.evseId(), id, e.samples());
            return new TransactionEventResult(id, auth, false);
        });
    }

    /** Keeps the earliest energy register reading as meter start and the latest as meter stop. */
    private static void energyReadings(Tx tx, long id, List<MeterSample> samples) {
        MeterSample first = null;
        MeterSample last = null;
        for (MeterSample s : samples) {
            if (!MeterSample.ENERGY_REGISTER.equals(s.measurand()) || s.phase() != null || wattHours(s) == null) continue;
            if (first == null || s.timestamp().isBefore(first.timestamp())) first = s;
            if (last == null || !s.timestamp().isBefore(last.timestamp())) last = s;
        }
        if (first == null) return;
        tx.jdbc().sql("""
                UPDATE charging_transaction SET
                  meter_start_wh = CASE WHEN meter_start_at IS NULL OR ? < meter_start_at THEN ? ELSE meter_start_wh END,
                  meter_start_at = CASE WHEN meter_start_at IS NULL OR ? < meter_start_at THEN ? ELSE meter_start_at END,
                  meter_stop_wh = CASE WHEN meter_stop_at IS NULL OR ? >= meter_stop_at THEN ? ELSE meter_stop_wh END,
                  meter_stop_at = CASE WHEN meter_stop_at IS NULL OR ? >= meter_stop_at THEN ? ELSE meter_stop_at END
                WHERE id = ?""")
                .params(ts(first.timestamp()), wattHours(first), ts(first.timestamp()), ts(first.timestamp()),
                        ts(last.timestamp()), wattHours(last), ts(last.timestamp()), ts(last.timestamp()), id)
                .update();
    }

    private static BigDecimal wattHours(MeterSample s) {
        if (s.numericValue() == null || s.numericValue().isInfinite() || s.numericValue().isNaN()) return null;
        try {
            return EnergyRegister.wattHours(new BigDecimal(s.value().trim()), s.unit());
        } catch (NumberFormatException e) {
            return EnergyRegister.wattHours(BigDecimal.valueOf(s.numericValue()), s.unit());
        }
    }

    private static void consumeReservation(Tx tx, String stationId, int reservationId, long transactionId, Instant now) {
        tx.jdbc().sql("""
                UPDATE reservation SET status = 'Used', transaction_id = ?, updated_at = ?
                WHERE id = ? AND station_id = ? AND status = 'Accepted'""")
                .params(transactionId, ts(now), reservationId, stationId).update();
    }

    /**
     * Whether the station owns the transaction. Asked for every MeterValues, so owners are remembered:
     * a transaction never changes station, so a remembered answer stays true.
     */
    private boolean belongsTo(Tx tx, long transactionId, String stationId) {
        if (stationId.equals(owners.get(transactionId))) return true;
        boolean owns = tx.jdbc().sql("SELECT COUNT(*) FROM charging_transaction WHERE id = ? AND station_id = ?")
                .params(transactionId, stationId).query(Integer.class).single() > 0;
        if (owns) remember(tx, transactionId, stationId);
        return owns;
    }

    /** Remembers an owner once its transaction is committed (bounded: cleared when full, then refilled on demand). */
    private void remember(Tx tx, long transactionId, String stationId) {
        tx.afterCommit(() -> {
            if (owners.size() >= MAX_REMEMBERED_OWNERS) owners.clear();
            owners.put(transactionId, stationId);
        });
    }

    private void addSamples(Tx tx, String stationId, int evseId, Long transactionId, List<MeterSample> samples) {
        addSamples(tx, stationId, evseId, transactionId, samples, encode(samples));
    }

    private void addSamples(Tx tx, String stationId, int evseId, Long transactionId, List<MeterSample> samples, List<EncodedElement> elements) {
        if (!samples.isEmpty()) events.publish(tx, new StationEvent.MeterSampled(stationId, evseId, transactionId, samples,
                samples.getLast().timestamp()));
        for (EncodedElement e : elements)
            tx.insertLater(INSERT_METER_VALUE, stationId, evseId, transactionId, ts(e.at()), e.registerWh(), e.powerW(), e.samples());
    }

    /** A MeterValue element as its meter_value row holds it. */
    private record EncodedElement(Instant at, Double registerWh, Double powerW, String samples) {}

    private static List<EncodedElement> encode(List<MeterSample> samples) {
        return MeterValueCodec.elements(samples).stream().map(element -> new EncodedElement(element.getFirst().timestamp(),
                MeterValueCodec.registerWh(element), MeterValueCodec.powerW(element), MeterValueCodec.encode(element))).toList();
    }

    // --- queries

    public List<Transaction> list(TransactionFilter f) {
        var args = new ArrayList<Object>();
        String sql = select(f, args) + " LIMIT ? OFFSET ?";
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.sql(sql).params(args).query(TransactionService::transaction).list();
    }

    /** Every transaction the filter matches (its limit and offset ignored), newest first, row by row: for exports of any size. */
    public void forEach(TransactionFilter f, Consumer<Transaction> action) {
        var args = new ArrayList<Object>();
        jdbc.sql(select(f, args)).params(args).query((RowCallbackHandler) rs -> action.accept(transaction(rs, 0)));
    }

    /**
     * A transaction row, and for an open one its latest energy register reading in Wh, so lists show
     * the energy charged so far as the station page does (a 1.6 station reports its meter stop only at the end).
     */
    private static final String TRANSACTION = """
            SELECT c.*, CASE WHEN c.stop_at IS NULL THEN (
                SELECT m.register_wh FROM meter_value m WHERE m.transaction_id = c.id AND m.register_wh IS NOT NULL
                ORDER BY m.sampled_at DESC LIMIT 1) END AS latest_register_wh
            FROM charging_transaction c""";

    private static String select(TransactionFilter f, List<Object> args) {
        var sql = new StringBuilder(TRANSACTION).append(" WHERE 1 = 1");
        if (f.stationId() != null) { sql.append(" AND station_id = ?"); args.add(f.stationId()); }
        if (f.idTag() != null) { sql.append(" AND id_tag = ?"); args.add(f.idTag()); }
        if (f.from() != null) { sql.append(" AND start_at >= ?"); args.add(ts(f.from())); }
        if (f.to() != null) { sql.append(" AND start_at < ?"); args.add(ts(f.to())); }
        if (f.open() != null) sql.append(f.open() ? " AND stop_at IS NULL" : " AND stop_at IS NOT NULL");
        return sql.append(" ORDER BY start_at DESC, id DESC").toString();
    }

    public Optional<Transaction> find(long id) {
        return jdbc.sql(TRANSACTION + " WHERE c.id = ?").param(id).query(TransactionService::transaction)
                .optional().map(t -> t.withSamples(samples(id)));
    }

    private List<MeterSample> samples(long transactionId) {
        var samples = new ArrayList<MeterSample>();
        jdbc.sql("SELECT sampled_at, samples FROM meter_value WHERE transaction_id = ? ORDER BY sampled_at").param(transactionId)
                .query((RowCallbackHandler) rs -> samples.addAll(MeterValueCodec.decode(instant(rs, "sampled_at"), rs.getString("samples"))));
        return samples;
    }

    /** Meter stop minus start; while open and without a stop reading, the latest register reading minus start. */
    private static BigDecimal energyWh(BigDecimal start, BigDecimal stop, Double latestRegister) {
        if (stop != null || latestRegister == null) return EnergyRegister.energy(start, stop);
        return EnergyRegister.energy(start, EnergyRegister.wattHours(BigDecimal.valueOf(latestRegister), "Wh"));
    }

    private static Transaction transaction(ResultSet rs, int n) throws SQLException {
        BigDecimal stop = EnergyRegister.plain(rs.getBigDecimal("meter_stop_wh"));
        BigDecimal start = EnergyRegister.plain(rs.getBigDecimal("meter_start_wh"));
        long id = rs.getLong("id");
        int evseId = rs.getInt("evse_id");
        Instant startAt = instant(rs, "start_at");
        Instant stopAt = instant(rs, "stop_at");
        return new Transaction(id, Transaction.stationTransactionId(id, rs.getString("station_tx_id")), rs.getString("station_id"),
                evseId, rs.getInt("connector_id"), rs.getString("id_tag"), rs.getString("auth_status"), start,
                startAt, integer(rs, "reservation_id"), stop, stopAt, rs.getString("stop_reason"),
                rs.getString("stop_id_tag"), energyWh(start, stop, rs.getObject("latest_register_wh", Double.class)),
                rs.getString("charging_state"), stopAt == null, rs.getString("stale_cause"),
                Transaction.anomalies(evseId, start, stop, startAt, stopAt), null);
    }
}
