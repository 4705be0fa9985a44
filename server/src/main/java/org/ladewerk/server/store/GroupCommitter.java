package org.ladewerk.server.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * committed, so a station is acknowledged only for what is durable. Running all domain writes on
 * one thread also serialises them, which makes checks like "is this StartTransaction a retry" race-free.
 */
@Component
public class GroupCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

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

    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final int maxBatch;
    private volatile boolean running;
    private volatile Thread writer;

    public GroupCommitter(PlatformTransactionManager txManager, JdbcTemplate jdbcTemplate, LadewerkProperties properties) {
        this.transactions = new TransactionTemplate(txManager);
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.maxBatch = Math.max(1, properties.store().maxBatch());
    }

    public <T> CompletableFuture<T> submit(Work<T> work) {
        var pending = new Pending<>(work, new CompletableFuture<T>());
        // after stop nothing would take it: fail at once rather than leave the caller waiting forever
        if (!running && (writer == null || !writer.isAlive()))
            return CompletableFuture.failedFuture(new IllegalStateException("the store is not running"));
        queue.add(pending);
        return pending.future();
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // the writer must outlive any failure, or every later submission would wait forever
                log.error("group commit of {} units failed", batch.size(), e);
                for (Pending<?> p : batch) p.future().completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        var tx = new BatchTx();
        var results = new Object[batch.size()];
        try {
            transactions.executeWithoutResult(status -> {
                for (int i = 0; i < batch.size(); i++) results[i] = batch.get(i).work().run(tx);
                tx.flush();
            });
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.getFirst().future().completeExceptionally(e);
                return;
            }
            // One bad unit must not fail its neighbours: retry each alone.
            log.debug("batch of {} failed ({}), committing units one by one", batch.size(), e.toString());
            for (Pending<?> p : batch) commit(List.of(p));
            return;
        }
        for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results[i]);
        tx.afterCommit.forEach(GroupCommitter::runQuietly);
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
        running = true;
        writer = Thread.ofPlatform().name("group-commit").start(this::writeLoop);
    }

    /** Stops after everything queued has been committed. */
    @Override
    public void stop() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
