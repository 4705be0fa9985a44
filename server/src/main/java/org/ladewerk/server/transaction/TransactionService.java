package org.ladewerk.server.transaction;

import static org.ladewerk.server.store.Sql.bigint;
import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.integer;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.authorization.Authorization;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
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

    private static final String INSERT_SAMPLE = """
            INSERT INTO meter_sample (station_id, evse_id, transaction_id, sampled_at, measurand, phase, unit, context,
              location, signed, value_text, value_num) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final IdTagService idTags;

    public TransactionService(GroupCommitter store, JdbcClient jdbc, IdTagService idTags) {
        this.store = store;
        this.jdbc = jdbc;
        this.idTags = idTags;
    }

    /**
     * Records a started transaction. A retry of the same start (same station, connector, tag, meter
     * and time) returns the transaction created the first time and its original answer.
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
            if (r.reservationId() != null) {
                tx.jdbc().sql("""
                        UPDATE reservation SET status = 'Used', transaction_id = ?, updated_at = ?
                        WHERE id = ? AND station_id = ? AND status = 'Accepted'""")
                        .params(id, ts(now), r.reservationId(), r.stationId()).update();
            }
            return new StartResult(id, auth);
        });
    }

    public CompletableFuture<Void> meterValues(String stationId, int evseId, Long transactionId, List<MeterSample> samples) {
        return store.submit(tx -> {
            Long linked = transactionId != null && belongsTo(tx, transactionId, stationId) ? transactionId : null;
            addSamples(tx, stationId, evseId, linked, samples);
            return null;
        });
    }

    /**
     * Records a stop. An unknown transaction id is still accepted (kept in unmatched_stop) so the
     * station does not retry forever; a repeated stop leaves the first one in place.
     */
    public CompletableFuture<Optional<Authorization>> stop(StopRequest r) {
        return store.submit(tx -> {
            Optional<Integer> evse = tx.jdbc().sql("SELECT evse_id FROM charging_transaction WHERE id = ? AND station_id = ?")
                    .params(r.transactionId(), r.stationId()).query(Integer.class).optional();
            Instant now = Instant.now();
            if (evse.isPresent()) {
                tx.jdbc().sql("""
                        UPDATE charging_transaction SET meter_stop_wh = ?, stop_at = ?, stop_reason = ?, stop_id_tag = ?
                        WHERE id = ? AND stop_at IS NULL""")
                        .params(r.meterStopWh(), ts(r.timestamp()), r.reason(), r.idTag(), r.transactionId()).update();
            } else {
                tx.jdbc().sql("""
                        INSERT INTO unmatched_stop (station_id, transaction_id, id_tag, meter_stop_wh, stop_at, stop_reason, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                        .params(r.stationId(), r.transactionId(), r.idTag(), r.meterStopWh(), ts(r.timestamp()), r.reason(), ts(now))
                        .update();
            }
            addSamples(tx, r.stationId(), evse.orElse(0), evse.isPresent() ? r.transactionId() : null, r.samples());
            return r.idTag() == null ? Optional.<Authorization>empty() : Optional.of(idTags.authorize(tx, r.idTag(), false));
        });
    }

    private static boolean belongsTo(Tx tx, long transactionId, String stationId) {
        return tx.jdbc().sql("SELECT COUNT(*) FROM charging_transaction WHERE id = ? AND station_id = ?")
                .params(transactionId, stationId).query(Integer.class).single() > 0;
    }

    private static void addSamples(Tx tx, String stationId, int evseId, Long transactionId, List<MeterSample> samples) {
        for (MeterSample s : samples) {
            tx.insertLater(INSERT_SAMPLE, stationId, evseId, transactionId, ts(s.timestamp()), s.measurand(), s.phase(),
                    s.unit(), s.context(), s.location(), s.signed(), s.value(), s.numericValue());
        }
    }

    // --- queries

    public List<Transaction> list(TransactionFilter f) {
        var sql = new StringBuilder("SELECT * FROM charging_transaction WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (f.stationId() != null) { sql.append(" AND station_id = ?"); args.add(f.stationId()); }
        if (f.idTag() != null) { sql.append(" AND id_tag = ?"); args.add(f.idTag()); }
        if (f.from() != null) { sql.append(" AND start_at >= ?"); args.add(ts(f.from())); }
        if (f.to() != null) { sql.append(" AND start_at < ?"); args.add(ts(f.to())); }
        if (f.open() != null) sql.append(f.open() ? " AND stop_at IS NULL" : " AND stop_at IS NOT NULL");
        sql.append(" ORDER BY start_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.sql(sql.toString()).params(args).query(TransactionService::transaction).list();
    }

    public Optional<Transaction> find(long id) {
        return jdbc.sql("SELECT * FROM charging_transaction WHERE id = ?").param(id).query(TransactionService::transaction)
                .optional().map(t -> new Transaction(t.id(), t.stationId(), t.evseId(), t.connectorId(), t.idTag(),
                        t.authorizationStatus(), t.meterStartWh(), t.startAt(), t.reservationId(), t.meterStopWh(), t.stopAt(),
                        t.stopReason(), t.stopIdTag(), t.energyWh(), t.open(), samples(id)));
    }

    private List<MeterSample> samples(long transactionId) {
        return jdbc.sql("SELECT * FROM meter_sample WHERE transaction_id = ? ORDER BY sampled_at, id").param(transactionId)
                .query((rs, n) -> new MeterSample(instant(rs, "sampled_at"), rs.getString("value_text"), rs.getString("measurand"),
                        rs.getString("phase"), rs.getString("unit"), rs.getString("context"), rs.getString("location"),
                        rs.getBoolean("signed")))
                .list();
    }

    private static Transaction transaction(ResultSet rs, int n) throws SQLException {
        Long stop = bigint(rs, "meter_stop_wh");
        long start = rs.getLong("meter_start_wh");
        return new Transaction(rs.getLong("id"), rs.getString("station_id"), rs.getInt("evse_id"), rs.getInt("connector_id"),
                rs.getString("id_tag"), rs.getString("auth_status"), start, instant(rs, "start_at"), integer(rs, "reservation_id"),
                stop, instant(rs, "stop_at"), rs.getString("stop_reason"), rs.getString("stop_id_tag"),
                stop == null ? null : stop - start, instant(rs, "stop_at") == null, null);
    }
}
