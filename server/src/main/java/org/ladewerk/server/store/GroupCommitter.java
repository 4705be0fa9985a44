package org.ladewerk.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.ladewerk.server.LadewerkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: every write a station reports runs here, on one writer thread, and many stations'
 * work shares one database transaction. A unit's future completes only after its transaction has
 * committed, so a station is acknowledged only for what is durable; it completes on a virtual thread
 * of its own, after the batch's after-commit actions, so the answers of one batch go out while the
 * writer already commits the next. Running all domain writes on
 * one thread also serialises them, which makes checks like "is this StartTransaction a retry" race-free.
 * The queue is a {@link BatchWriter}: bounded in units and bytes, a full queue makes the submitter
 * wait and then fails its unit, so a station is told to retry instead of the heap filling up.
 * With {@code ladewerk.store.h2-sync} an H2 file's commit is forced to the disk before any unit completes
 * ({@link H2FileSync}).
 */
@Component
public class GroupCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    /** What a unit is assumed to hold when its submitter does not say (a typical OCPP message and its rows). */
    static final long DEFAULT_UNIT_BYTES = 1024;

    /** A unit of work; it may run twice (alone, after its batch failed), so it must only touch the database. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    /** What a unit sees of the batch transaction. */
    public interface Tx {
        JdbcClient jdbc();

        /** An insert nobody reads back within this batch: sent with the batch's other rows in one JDBC batch. */
        void insertLater(String sql, Object... args);

        /** Runs once the batch has committed (e.g. publishing what happened). */
        void afterCommit(Runnable action);
    }

    private record Pending<T>(Work<T> work, CompletableFuture<T> future) {}

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final BatchWriter<Pending<?>> writer;
    private final H2FileSync fileSync;
    /** Where committed units' futures complete: a virtual thread each, never the writer thread. */
    private final Executor completions = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    public GroupCommitter(PlatformTransactionManager txManager, JdbcTemplate jdbcTemplate, LadewerkProperties properties, Writers writers,
                          H2FileSync fileSync) {
        this.fileSync = fileSync;
        this.transactions = new TransactionTemplate(txManager);
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        var store = properties.store();
        this.writer = writers.create("group-commit", new BatchWriter.Limits(Math.max(1, store.maxBatch()), store.maxQueue(),
                store.maxQueueBytes().toBytes(), store.linger(), store.queueTimeout(), Duration.ofSeconds(60)),
                this::commit, GroupCommitter::failAll);
    }

    public <T> CompletableFuture<T> submit(Work<T> work) {
        return submit(work, DEFAULT_UNIT_BYTES);
    }

    /** Submits a unit that holds about {@code bytes} of data (what it counts against the queue's byte bound). */
    public <T> CompletableFuture<T> submit(Work<T> work, long bytes) {
        var pending = new Pending<>(work, new CompletableFuture<T>());
        try {
            writer.put(pending, bytes);
        } catch (BatchWriter.Full e) {
            // after stop, or while the store is overloaded: fail at once rather than leave the caller waiting
            return CompletableFuture.failedFuture(new IllegalStateException("the store cannot take this now: " + e.getMessage(), e));
        }
        return pending.future();
    }

    /** Commits the batch in one transaction; if that fails, each unit alone. Throws only if no unit could be committed. */
    private void commit(List<Pending<?>> batch) {
        Throwable error = tryCommit(batch);
        if (error == null) return;
        if (batch.size() == 1) {
            batch.getFirst().future().completeExceptionally(error);
            throw new BatchFailed(error);
        }
        // One bad unit must not fail its neighbours: retry each alone.
        log.debug("batch of {} failed ({}), committing units one by one", batch.size(), error.toString());
        Throwable last = null;
        boolean anyCommitted = false;
        for (Pending<?> p : batch) {
            Throwable alone = tryCommit(List.of(p));
            if (alone == null) anyCommitted = true;
            else {
                // the original exception (its SQLException cause intact) tells the caller what was wrong
                p.future().completeExceptionally(alone);
                last = alone;
            }
        }
        if (!anyCommitted) throw new BatchFailed(last);
    }

    /**
     * Runs and commits the units in one transaction; the failure, or null once committed and completed.
     * A failed sync after the commit is thrown instead: the units are in the database, so running them
     * again alone would store them twice; they fail (their stations are told to retry) and the writer
     * counts the failure, which turns health DOWN if it persists.
     */
    private Throwable tryCommit(List<Pending<?>> batch) {
        var tx = new BatchTx();
        var results = new Object[batch.size()];
        try {
            transactions.executeWithoutResult(status -> {
                for (int i = 0; i < batch.size(); i++) results[i] = batch.get(i).work().run(tx);
                tx.flush();
            });
        } catch (RuntimeException | Error e) {
            return e;
        }
        fileSync.sync();
        tx.afterCommit.forEach(GroupCommitter::runQuietly);
        // What waits on a unit (answering the station: rendering, validating and sending its
        // CALLRESULT) runs off this thread, on both cores, while this thread commits the next batch.
        for (int i = 0; i < batch.size(); i++) {
            Pending<?> pending = batch.get(i);
            Object result = results[i];
            completions.execute(() -> complete(pending, result));
        }
        return null;
    }

    /** Nothing of a batch could be committed; its units' futures already carry why. */
    static final class BatchFailed extends RuntimeException {
        BatchFailed(Throwable cause) {
            super("no unit of the batch could be committed", cause);
        }
    }

    private static void failAll(List<Pending<?>> batch, Throwable error) {
        Throwable cause = error instanceof BatchFailed && error.getCause() != null ? error.getCause() : error;
        for (Pending<?> p : batch) p.future().completeExceptionally(cause);
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.future().complete((T) result);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("after-commit action failed", e);
        }
    }

    private final class BatchTx implements Tx {
        private final Map<String, List<Object[]>> deferred = new LinkedHashMap<>();
        private final List<Runnable> afterCommit = new ArrayList<>();

        @Override
        public JdbcClient jdbc() {
            return jdbc;
        }

        @Override
        public void insertLater(String sql, Object... args) {
            deferred.computeIfAbsent(sql, k -> new ArrayList<>()).add(args);
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        void flush() {
            deferred.forEach(jdbcTemplate::batchUpdate);
        }
    }

    @Override
    public void start() {
        writer.start();
        running = true;
    }

    /** Stops after everything queued has been committed. */
    @Override
    public void stop() {
        running = false;
        writer.stop(Duration.ofSeconds(30));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops last: the transport drains into it first. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
