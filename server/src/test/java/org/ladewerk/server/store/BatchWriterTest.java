package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The one batching loop: bounded in items and bytes, survives anything its sink throws, visible in metrics and health. */
class BatchWriterTest {

    private static final long MB = 1 << 20;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Writers writers = new Writers(metrics);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<BatchWriter<?>> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        started.forEach(w -> w.stop(Duration.ofSeconds(5)));
    }

    private <T> BatchWriter<T> writer(String name, long capacityBytes, Duration maxBlock, BatchWriter.Sink<T> sink, List<Throwable> failures) {
        var w = writers.create(name, new BatchWriter.Limits(100, 1000, capacityBytes, Duration.ZERO, maxBlock, Duration.ofMillis(500)),
                sink, (batch, error) -> failures.add(error));
        started.add(w);
        return w;
    }

    @Test
    void lingerGathersItemsPutMeanwhileIntoOneBatchAndWritesThemAll() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        // a linger far longer than three puts take anywhere, so they must share one batch
        BatchWriter<Integer> w = writers.<Integer>create("linger",
                new BatchWriter.Limits(100, 1000, MB, Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(30)),
                batch -> batches.add(List.copyOf(batch)), (batch, error) -> { });
        started.add(w);
        w.put(1, 1);
        w.put(2, 1);
        w.put(3, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
        assertThat(batches).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void aFullBatchEndsTheLingerAtOnce() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        // the linger outlasts the wait below: only the batch becoming full can start the write
        BatchWriter<Integer> w = writers.<Integer>create("full",
                new BatchWriter.Limits(3, 1000, MB, Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(10)),
                batch -> batches.add(List.copyOf(batch)), (batch, error) -> { });
        started.add(w);
        for (int i = 1; i <= 4; i++) w.put(i, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !batches.isEmpty());
        assertThat(batches.getFirst()).containsExactly(1, 2, 3);
    }

    @Test
    void aBurstOfLargeItemsIsBoundedInBytesNotOnlyInCount() {
        var blocked = new CountDownLatch(1);
        BatchWriter<byte[]> w = writer("burst", 10 * MB, Duration.ZERO, batch -> {
            blocked.countDown();
            release.await();
        }, new CopyOnWriteArrayList<>());
        w.put(new byte[0], MB); // taken by the writer, which then blocks in its sink
        assertThat(awaitQuietly(blocked)).isTrue();
        int accepted = 0;
        for (int i = 0; i < 100; i++) if (w.offer(new byte[0], MB)) accepted++;
        assertThat(accepted).as("1 MB items taken with 10 MB allowed and 1 MB being written").isEqualTo(9);
        assertThat(w.state().bytes()).isLessThanOrEqualTo(10 * MB);
        assertThat(metrics.get("ladewerk.writer.queue.bytes").tag("writer", "burst").gauge().value()).isEqualTo(10.0 * MB);
        assertThat(metrics.get("ladewerk.writer.queue.depth").tag("writer", "burst").gauge().value()).isEqualTo(10.0);
        assertThatThrownBy(() -> w.put(new byte[0], MB)).isInstanceOf(BatchWriter.Full.class).hasMessageContaining("full");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> w.state().depth() == 0);
        assertThat(w.offer(new byte[0], MB)).as("room again once written").isTrue();
    }

    @Test
    void aProducerWaitsForRoomUpToItsLimit() throws Exception {
        var written = new CopyOnWriteArrayList<Integer>();
        var gate = new CountDownLatch(1);
        BatchWriter<Integer> w = writer("wait", 2, Duration.ofSeconds(30), batch -> {
            gate.await();
            written.addAll(batch);
        }, new CopyOnWriteArrayList<>());
        w.put(1, 1);
        w.put(2, 1);
        var third = Thread.ofVirtual().start(() -> w.put(3, 1));
        assertThat(third.join(Duration.ofMillis(200))).as("waits while the queue is full").isFalse();
        gate.countDown();
        assertThat(third.join(Duration.ofSeconds(30))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 3);
        assertThat(written).containsExactly(1, 2, 3);
    }

    @Test
    void theWriterSurvivesAnOutOfMemoryErrorAndAnyOtherThrowable() {
        var written = new CopyOnWriteArrayList<String>();
        var failures = new CopyOnWriteArrayList<Throwable>();
        BatchWriter<String> w = writer("survivor", MB, Duration.ofSeconds(5), batch -> {
            if (batch.contains("oom")) throw new OutOfMemoryError("Java heap space (simulated)");
            if (batch.contains("error")) throw new StackOverflowError();
            if (batch.contains("checked")) throw new java.io.IOException("disk gone");
            written.addAll(batch);
        }, failures);
        for (String item : List.of("oom", "error", "checked")) {
            w.put(item, 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.state().depth() == 0);
        }
        w.put("after", 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> written.contains("after"));
        assertThat(failures).hasSize(3);
        assertThat(failures.getFirst()).isInstanceOf(OutOfMemoryError.class);
        assertThat(w.state().alive()).isTrue();
        assertThat(w.state().consecutiveFailures()).isZero();
        assertThat(metrics.get("ladewerk.writer.failures").tag("writer", "survivor").counter().count()).isEqualTo(3.0);
        assertThat(metrics.get("ladewerk.writer.batch.size").tag("writer", "survivor").summary().count()).isEqualTo(4);
        assertThat(metrics.get("ladewerk.writer.batch.wait").tag("writer", "survivor").timer().count()).isEqualTo(4);
        assertThat(metrics.get("ladewerk.writer.batch.write").tag("writer", "survivor").timer().count()).as("failed writes too").isEqualTo(4);
    }

    @Test
    void healthIsDownWhileAWriterIsStuckAndUpAgainWhenItMoves() {
        BatchWriter<String> w = writer("stuck", MB, Duration.ZERO, batch -> release.await(), new CopyOnWriteArrayList<>());
        assertThat(writers.health().getStatus()).isEqualTo(Status.UP);
        w.put("x", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> writers.health().getStatus().equals(Status.DOWN));
        assertThat(writers.health().getDetails().get("stuck")).hasFieldOrPropertyWithValue("stuck", true);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> writers.health().getStatus().equals(Status.UP));
    }

    @Test
    void healthIsDownWhenTheWritesKeepFailing() {
        var failing = new AtomicBoolean(true);
        BatchWriter<String> w = writer("failing", MB, Duration.ZERO, batch -> {
            if (failing.get()) throw new IllegalStateException("database closed");
        }, new CopyOnWriteArrayList<>());
        for (int i = 0; i < 3; i++) {
            w.put("x" + i, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.state().depth() == 0);
        }
        assertThat(writers.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(w.state().lastError()).contains("database closed");
        failing.set(false);
        w.put("ok", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> writers.health().getStatus().equals(Status.UP));
    }

    @Test
    void aStoppedWriterRefusesAndWritesWhatWasQueuedFirst() {
        var written = new CopyOnWriteArrayList<Integer>();
        BatchWriter<Integer> w = writer("stopping", MB, Duration.ZERO, written::addAll, new CopyOnWriteArrayList<>());
        for (int i = 0; i < 50; i++) w.put(i, 1);
        w.stop(Duration.ofSeconds(10));
        assertThat(written).hasSize(50);
        assertThatThrownBy(() -> w.put(99, 1)).isInstanceOf(BatchWriter.Full.class).hasMessageContaining("not running");
        w.start();
        w.put(100, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> written.contains(100));
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
