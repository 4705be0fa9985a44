package org.ladewerk.server.transaction;

import static org.ladewerk.server.store.Sql.instant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.worker.Periodic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where meter rows go and how a transaction's are found again. On PostgreSQL by the index on
 * meter_value (transaction_id, sampled_at). On H2 that index cost the group-commit writer a fifth of
 * the server's CPU at full ingest: thousands of open transactions each add their row in another leaf,
 * and H2 rewrites every changed page whole at each commit (round 25 of the benchmark). So on H2 the
 * writer numbers the rows and appends them in id order only, and a background pass puts (transaction_id,
 * sampled_at, id) of the rows committed since the last pass into meter_value_index every
 * {@code ladewerk.store.meter-index-interval}, sorted, so each leaf is rewritten once per pass for all
 * the rows it gets. The writer hands the pass what it committed, so the pass need not read the rows
 * back; after a start, a failed pass or an overflow the pass reads the table instead.
 * meter_value_indexed says up to which id rows are indexed; readers take the rest (the tail) from the
 * table's end by id. A pass and a reader's statement see each other whole (H2 gives every statement
 * one snapshot), and ids grow with commits (one writer), so every row is read exactly once. Safe
 * because H2 is embedded: one process writes the database.
 */
@Component("meterIndex")
public class MeterIndex implements SmartLifecycle, HealthIndicator {

    /** Most rows a pass indexes in one transaction (after an outage the passes catch up in steps). */
    static final int MAX_PASS_ROWS = 200_000;
    /** Most committed rows held for the next pass (about 100 bytes each); beyond, the pass reads the table. */
    static final int MAX_PENDING = 1_000_000;
    private static final String INSERT_H2 = """
            INSERT INTO meter_value (id, station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT = """
            INSERT INTO meter_value (station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_INDEX = "INSERT INTO meter_value_index (transaction_id, sampled_at, id) VALUES (?, ?, ?)";
    private static final String TAIL = "id > (SELECT up_to FROM meter_value_indexed)";

    private final boolean deferred;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transactions;
    private final Duration every;
    /** The last id given to a row (H2), -1 until the writer's first row reads it from the database. */
    private final AtomicLong lastId = new AtomicLong(-1);
    private final Object pendingLock = new Object();
    private List<Entry> pending = new ArrayList<>(); // guarded by pendingLock
    private boolean readTable = true; // guarded by pendingLock: the next pass reads the rows from the table
    private final Object passLock = new Object();
    private boolean stopped; // guarded by passLock
    private Periodic indexer;
    private volatile Instant lastPass = Instant.now();
    private volatile String lastFailure;

    public MeterIndex(DataSource dataSource, JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager, LadewerkProperties properties) {
        this.deferred = isH2(dataSource);
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = new TransactionTemplate(txManager);
        this.every = properties.store().meterIndexInterval();
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is: " + e.getMessage(), e);
        }
    }

    /** Whether rows are indexed behind the writer (H2), not as they are inserted. */
    public boolean deferred() {
        return deferred;
    }

    /** A meter row: a MeterValue element, its sampled values encoded (see {@link MeterValueCodec}). */
    record Row(String stationId, int evseId, Long transactionId, OffsetDateTime sampledAt, Double registerWh, Double powerW,
               String samples) {}

    /** A committed row as the index holds it. */
    private record Entry(long id, Long transactionId, OffsetDateTime sampledAt) {}

    /** Adds the rows to the writer's batch (on the writer thread); on H2 numbered, and handed to the next pass once committed. */
    void insert(Tx tx, List<Row> rows) {
        if (!deferred) {
            for (Row r : rows)
                tx.insertLater(INSERT, r.stationId(), r.evseId(), r.transactionId(), r.sampledAt(), r.registerWh(), r.powerW(), r.samples());
            return;
        }
        if (lastId.get() < 0) {
            // above every id used, even by rows deleted since: ids at or below up_to are never read from the tail
            lastId.compareAndSet(-1, tx.jdbc().sql("SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM meter_value), up_to) FROM meter_value_indexed")
                    .query(Long.class).single());
        }
        var entries = new ArrayList<Entry>(rows.size());
        for (Row r : rows) {
            long id = lastId.incrementAndGet();
            tx.insertLater(INSERT_H2, id, r.stationId(), r.evseId(), r.transactionId(), r.sampledAt(), r.registerWh(), r.powerW(), r.samples());
            entries.add(new Entry(id, r.transactionId(), r.sampledAt()));
        }
        tx.afterCommit(() -> committed(entries));
    }

    /** Rows of a batch that committed. Batches commit and report one after another, so these ids follow those before. */
    private void committed(List<Entry> entries) {
        synchronized (pendingLock) {
            if (readTable) return; // the next pass reads them from the table
            if (pending.size() + entries.size() > MAX_PENDING) {
                pending = new ArrayList<>();
                readTable = true;
                return;
            }
            pending.addAll(entries);
        }
    }

    /** Hands {@code rows} a transaction's meter rows in time order: columns sampled_at and samples. */
    void samples(long transactionId, RowCallbackHandler rows) {
        if (!deferred) {
            jdbc.sql("SELECT sampled_at, samples FROM meter_value WHERE transaction_id = ? ORDER BY sampled_at")
                    .param(transactionId).query(rows);
            return;
        }
        jdbc.sql("""
                SELECT m.sampled_at, m.samples, m.id FROM meter_value_index i JOIN meter_value m ON m.id = i.id WHERE i.transaction_id = ?
                UNION ALL
                SELECT sampled_at, samples, id FROM meter_value WHERE %s AND transaction_id = ?
                ORDER BY 1, 3""".formatted(TAIL))
                .params(transactionId, transactionId).query(rows);
    }

    /**
     * A scalar subquery: the energy register (Wh) of the latest reading that has one, of the
     * transaction whose id is {@code transactionId} (a column of the enclosing query).
     */
    String latestRegister(String transactionId) {
        if (!deferred) return """
                (SELECT m.register_wh FROM meter_value m WHERE m.transaction_id = %s AND m.register_wh IS NOT NULL
                 ORDER BY m.sampled_at DESC LIMIT 1)""".formatted(transactionId);
        // the tail's latest unless an indexed reading is later (H2 has no correlated derived tables to union them)
        return """
                COALESCE(
                  (SELECT t.register_wh FROM meter_value t WHERE t.%1$s AND t.transaction_id = %2$s AND t.register_wh IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM meter_value_index i JOIN meter_value m ON m.id = i.id
                       WHERE i.transaction_id = %2$s AND i.sampled_at > t.sampled_at AND m.register_wh IS NOT NULL)
                   ORDER BY t.sampled_at DESC LIMIT 1),
                  (SELECT m.register_wh FROM meter_value_index i JOIN meter_value m ON m.id = i.id
                   WHERE i.transaction_id = %2$s AND m.register_wh IS NOT NULL ORDER BY i.sampled_at DESC LIMIT 1))"""
                .formatted(TAIL, transactionId);
    }

    /** The latest reading of a transaction that has an energy register value: when, and the value in Wh. */
    record Register(Instant at, double wattHours) {}

    Optional<Register> lastRegister(JdbcClient jdbc, long transactionId) {
        String sql = deferred ? """
                SELECT sampled_at, register_wh FROM (
                  (SELECT sampled_at, register_wh FROM meter_value WHERE %s AND transaction_id = ? AND register_wh IS NOT NULL
                   ORDER BY sampled_at DESC LIMIT 1)
                  UNION ALL
                  (SELECT m.sampled_at, m.register_wh FROM meter_value_index i JOIN meter_value m ON m.id = i.id
                   WHERE i.transaction_id = ? AND m.register_wh IS NOT NULL ORDER BY i.sampled_at DESC LIMIT 1)) r
                ORDER BY sampled_at DESC LIMIT 1""".formatted(TAIL) : """
                SELECT sampled_at, register_wh FROM meter_value WHERE transaction_id = ? AND register_wh IS NOT NULL
                ORDER BY sampled_at DESC LIMIT 1""";
        List<Object> args = deferred ? List.of(transactionId, transactionId) : List.of(transactionId);
        return jdbc.sql(sql).params(args)
                .query((rs, n) -> new Register(instant(rs, "sampled_at"), rs.getDouble("register_wh"))).optional();
    }

    /** Deletes the index rows of the stations' transactions, before their transactions are deleted. */
    public void deleteOfStations(JdbcClient jdbc, String in, List<String> stationIds) {
        if (deferred)
            jdbc.sql("DELETE FROM meter_value_index WHERE transaction_id IN (SELECT id FROM charging_transaction WHERE station_id IN (" + in + "))")
                    .params(stationIds).update();
    }

    /** Indexes every row committed before the call (in steps of {@link #MAX_PASS_ROWS}). */
    public void catchUp() {
        while (pass() >= MAX_PASS_ROWS) {
            // a backlog: go on at once
        }
    }

    /**
     * Indexes the rows committed since the last pass, in one transaction (from the table at most
     * {@link #MAX_PASS_ROWS} ids); how many ids it covered.
     */
    long pass() {
        List<Entry> entries;
        boolean fromTable;
        synchronized (pendingLock) {
            entries = pending;
            pending = new ArrayList<>();
            fromTable = readTable;
            readTable = false;
        }
        Long covered;
        try {
            covered = transactions.execute(status -> fromTable ? passFromTable() : passFromEntries(entries));
        } catch (RuntimeException | Error e) {
            synchronized (pendingLock) {
                pending = new ArrayList<>();
                readTable = true;
            }
            throw e;
        }
        lastPass = Instant.now();
        lastFailure = null;
        return covered == null ? 0 : covered;
    }

    /** Index order: by transaction, time, id. */
    private static final Comparator<Entry> INDEX_ORDER = Comparator.comparingLong((Entry e) -> e.transactionId())
            .thenComparing(Entry::sampledAt).thenComparingLong(Entry::id);

    private long passFromEntries(List<Entry> entries) {
        long from = upTo();
        long to = from;
        var rows = new ArrayList<Entry>(entries.size());
        for (Entry e : entries) {
            if (e.id() <= from) continue; // a pass from the table got it
            to = Math.max(to, e.id());
            if (e.transactionId() != null) rows.add(e);
        }
        if (to == from) return 0;
        rows.sort(INDEX_ORDER);
        jdbcTemplate.batchUpdate(INSERT_INDEX, rows.stream().map(e -> new Object[] {e.transactionId(), e.sampledAt(), e.id()}).toList());
        jdbc.sql("UPDATE meter_value_indexed SET up_to = ?").param(to).update();
        return to - from;
    }

    private long passFromTable() {
        long from = upTo();
        // only committed rows are visible, and the writer's uncommitted ones have higher ids
        long last = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM meter_value").query(Long.class).single();
        long to = Math.min(last, from + MAX_PASS_ROWS);
        if (to <= from) return 0;
        if (to < last) {
            synchronized (pendingLock) {
                readTable = true; // the next pass goes on from the table
            }
        }
        jdbc.sql("""
                INSERT INTO meter_value_index (transaction_id, sampled_at, id)
                SELECT transaction_id, sampled_at, id FROM meter_value WHERE id > ? AND id <= ? AND transaction_id IS NOT NULL
                ORDER BY transaction_id, sampled_at, id""").params(from, to).update();
        jdbc.sql("UPDATE meter_value_indexed SET up_to = ?").param(to).update();
        return to - from;
    }

    private long upTo() {
        return jdbc.sql("SELECT up_to FROM meter_value_indexed").query(Long.class).single();
    }

    /** Never interrupted inside (an interrupt during file I/O would close H2's file): stop waits for it. */
    private void runPass() {
        synchronized (passLock) {
            if (stopped) return;
            try {
                catchUp();
            } catch (RuntimeException e) {
                lastFailure = e.toString();
                throw e;
            }
        }
    }

    /** DOWN while passes fail: readers stay right, but read an ever longer tail. */
    @Override
    public Health health() {
        if (!deferred) return Health.up().withDetail("deferred", false).build();
        var health = lastFailure == null ? Health.up() : Health.down().withDetail("error", lastFailure);
        return health.withDetail("deferred", true).withDetail("lastPass", lastPass.toString()).build();
    }

    @Override
    public void start() {
        synchronized (passLock) {
            stopped = false;
        }
        if (deferred) indexer = Periodic.start("meter-index", every, every, this::runPass);
    }

    @Override
    public void stop() {
        synchronized (passLock) {
            stopped = true;
        }
        if (indexer != null) indexer.close();
        indexer = null;
    }

    @Override
    public boolean isRunning() {
        return indexer != null;
    }
}
