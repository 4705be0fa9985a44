package org.ladewerk.server.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one batching loop of the system: producers queue items, one writer thread takes them in
 * batches and hands each batch to a sink (a database transaction, a segment file). The group
 * committer and the message log are both this loop with a different sink.
 *
 * <p>Why it looks like this: a writer that dies or a queue that grows without bound takes the whole
 * server with it, so the queue is bounded in items and in bytes (a full queue makes producers wait up
 * to {@code maxBlock}, then refuses them with {@link Full}); the writer survives any {@link Throwable}
 * from its sink (the batch is handed to the failure handler, counted and logged, and the loop goes
 * on); and its state is visible in metrics and in {@link #state()} for the health endpoint.
 */
public final class BatchWriter<T> {

    /** Writes one batch; throwing anything fails the whole batch. */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch) throws Exception;
    }

    /** Told about a batch the sink failed on (e.g. to fail the producers' futures). */
    @FunctionalInterface
    public interface FailureHandler<T> {
        void failed(List<T> batch, Throwable error);
    }

    /**
     * @param maxBatch most items per batch
     * @param capacity most items queued (including the batch being written)
     * @param capacityBytes most bytes queued (including the batch being written); one item bigger than
     *                      this is still taken when the queue is empty, so it cannot be stuck forever
     * @param linger how long the writer waits for a batch to fill before writing a smaller one
     * @param maxBlock how long a producer waits for room; zero refuses at once
     * @param stuckAfter a batch running, or an item waiting, longer than this makes the writer stuck
     */
    public record Limits(int maxBatch, int capacity, long capacityBytes, Duration linger, Duration maxBlock, Duration stuckAfter) {}

    /** The queue had no room within the time allowed. */
    public static final class Full extends RejectedExecutionException {
        Full(String message) {
            super(message);
        }
    }

    /** What health and tests see of a writer. */
    public record State(String name, boolean alive, boolean stuck, int consecutiveFailures, int depth, long bytes, String lastError) {
        /** Dead, stuck, or its last three batches failed. */
        public boolean usable() {
            return alive && !stuck && consecutiveFailures < 3;
        }
    }

    private record Item<T>(T value, long bytes, long queuedAt) {}

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    /** Failures before the log shows only every hundredth one. */
    private static final int LOUD_FAILURES = 10;

    private final String name;
    private final Limits limits;
    private final Sink<T> sink;
    private final FailureHandler<T> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Item<T>> queue = new ArrayDeque<>();
    private final DistributionSummary batchSize;
    private final Timer batchWait;
    private final Timer batchWrite;
    private final Counter failures;
    private volatile Thread thread;
    /** Items and bytes held: queued plus the batch being written (its memory is not free before). */
    private int held;
    private long heldBytes;
    private boolean stopping;
    private volatile long writingSince;
    private volatile int consecutiveFailures;
    private volatile String lastError;

    public BatchWriter(String name, Limits limits, Sink<T> sink, FailureHandler<T> onFailure, MeterRegistry metrics) {
        this.name = name;
        this.limits = limits;
        this.sink = sink;
        this.onFailure = onFailure;
        Gauge.builder("ladewerk.writer.queue.depth", this, w -> w.state().depth()).tag("writer", name)
                .description("items queued or being written").register(metrics);
        Gauge.builder("ladewerk.writer.queue.bytes", this, w -> w.state().bytes()).tag("writer", name).baseUnit("bytes")
                .description("bytes queued or being written").register(metrics);
        batchSize = DistributionSummary.builder("ladewerk.writer.batch.size").tag("writer", name).register(metrics);
        batchWait = Timer.builder("ladewerk.writer.batch.wait").tag("writer", name)
                .description("how long the oldest item of a batch waited before its write began").register(metrics);
        batchWrite = Timer.builder("ladewerk.writer.batch.write").tag("writer", name)
                .description("how long a batch's write took (for the group commit: the transaction and its commit)").register(metrics);
        failures = Counter.builder("ladewerk.writer.failures").tag("writer", name).description("batches the sink failed on").register(metrics);
        start();
    }

    /** Starts the writer thread (again, after {@link #stop}); items queued meanwhile are kept. */
    public void start() {
        lock.lock();
        try {
            if (thread != null && thread.isAlive()) return;
            stopping = false;
            thread = Thread.ofPlatform().name("writer-" + name).daemon().start(this::run);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues an item, waiting up to the limits' {@code maxBlock} for room.
     *
     * @throws Full when there was no room in time, or the writer is stopped or dead
     */
    public void put(T value, long bytes) {
        enqueue(value, bytes, limits.maxBlock().toNanos());
    }

    /** Queues an item if there is room now; false (nothing queued) otherwise. */
    public boolean offer(T value, long bytes) {
        try {
            enqueue(value, bytes, 0);
            return true;
        } catch (Full e) {
            return false;
        }
    }

    private void enqueue(T value, long bytes, long maxWaitNanos) {
        long deadline = System.nanoTime() + maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                if (stopping || !thread.isAlive()) throw new Full("writer " + name + " is not running");
                if (held == 0 || (held < limits.capacity() && heldBytes + bytes <= limits.capacityBytes())) break;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new Full("writer " + name + " is full (" + held + " items, " + heldBytes + " bytes)");
                notFull.awaitNanos(left);
            }
            queue.add(new Item<>(value, bytes, System.nanoTime()));
            held++;
            heldBytes += bytes;
            // the writer waits for a first item, or lingers until the batch is full: waking it for
            // every item in between only costs context switches
            if (queue.size() == 1 || queue.size() >= limits.maxBatch()) notEmpty.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Full("interrupted while waiting for writer " + name);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        var batch = new ArrayList<Item<T>>(limits.maxBatch());
        var values = new ArrayList<T>(limits.maxBatch());
        try {
            while (take(batch)) {
                for (Item<T> item : batch) values.add(item.value());
                write(batch, values);
                release(batch);
                batch.clear();
                values.clear();
            }
        } catch (Throwable e) {
            // only a bug in this loop gets here; make it loud, health shows the writer dead
            log.error("writer {} stopped unexpectedly", name, e);
            lastError = e.toString();
        } finally {
            if (!stopping) log.error("writer {} is no longer running", name);
        }
    }

    /** Waits for the first item, lingers for more; false when stopped and nothing is left. */
    private boolean take(List<Item<T>> batch) throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (stopping) return false;
                notEmpty.await();
            }
            long until = System.nanoTime() + limits.linger().toNanos();
            while (queue.size() < limits.maxBatch() && !stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) break;
                notEmpty.awaitNanos(left);
            }
            while (batch.size() < limits.maxBatch() && !queue.isEmpty()) batch.add(queue.poll());
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Item<T>> batch, List<T> values) {
        long start = System.nanoTime();
        writingSince = start;
        batchSize.record(batch.size());
        batchWait.record(start - batch.getFirst().queuedAt(), TimeUnit.NANOSECONDS);
        try {
            sink.write(values);
            consecutiveFailures = 0;
        } catch (Throwable e) {
            failed(values, e);
        } finally {
            batchWrite.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            writingSince = 0;
        }
    }

    private void failed(List<T> values, Throwable e) {
        failures.increment();
        int n = ++consecutiveFailures;
        lastError = e.toString();
        long total = (long) failures.count();
        if (total <= LOUD_FAILURES) log.error("writer {} failed on a batch of {}", name, values.size(), e);
        else if (total % 100 == 0) log.error("writer {} failed on a batch of {} ({} failures so far, {} in a row): {}", name,
                values.size(), total, n, e.toString());
        try {
            onFailure.failed(values, e);
        } catch (Throwable again) {
            log.error("writer {} could not report a failed batch", name, again);
        }
    }

    private void release(List<Item<T>> batch) {
        long bytes = 0;
        for (Item<T> item : batch) bytes += item.bytes();
        lock.lock();
        try {
            held -= batch.size();
            heldBytes -= bytes;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public State state() {
        lock.lock();
        try {
            long now = System.nanoTime();
            long since = writingSince;
            long stuck = limits.stuckAfter().toNanos();
            boolean stuckWriting = since != 0 && now - since > stuck;
            boolean stuckWaiting = !queue.isEmpty() && now - queue.peek().queuedAt() > stuck;
            return new State(name, thread.isAlive() || stopping, stuckWriting || stuckWaiting, consecutiveFailures, held, heldBytes, lastError);
        } finally {
            lock.unlock();
        }
    }

    public String name() {
        return name;
    }

    /** Refuses new items, writes what is queued and waits up to {@code timeout} for the writer to finish. */
    public void stop(Duration timeout) {
        lock.lock();
        try {
            stopping = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        Thread writer = thread;
        try {
            if (!writer.join(timeout)) log.error("writer {} did not finish within {}; {} items unwritten", name, timeout, state().depth());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean stopped() {
        return !thread.isAlive();
    }
}
