package org.ladewerk.server.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The shared outbox against the real database: order per partition under parallel delivery, retries, retention, backlog. */
class OutboxTest extends ServerTest {

    @Autowired
    Outbox outbox;
    @Autowired
    GroupCommitter store;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry metrics;

    private record Channel(String name, String backlogMetric, int parallelism, double maxRate,
                           Function<OutboxMessage, CompletableFuture<String>> post) implements OutboxChannel {
        @Override
        public CompletableFuture<String> deliver(OutboxMessage message) {
            return post.apply(message);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofSeconds(1);
        }
    }

    private void enqueue(String channel, String partition, String body) {
        store.submit(tx -> {
            outbox.enqueue(tx, channel, partition, "test://" + channel, null, body);
            return null;
        }).join();
    }

    @Test
    void deliversInParallelAcrossStationsAndInOrderWithinOneEvenAcrossRetries() {
        String name = unique("test.order");
        var delivered = new ConcurrentHashMap<String, List<Integer>>();
        var attempts = new ConcurrentHashMap<String, Integer>();
        var twoAtOnce = new CountDownLatch(2);
        outbox.register(new Channel(name, "test.order.backlog", 4, 0, m -> CompletableFuture.supplyAsync(() -> {
            // the first posts wait until a second one is in flight: this only passes when posts run in parallel
            twoAtOnce.countDown();
            try {
                if (!twoAtOnce.await(20, TimeUnit.SECONDS)) return "not parallel";
            } catch (InterruptedException e) {
                return "interrupted";
            }
            // message 3 of station B fails twice: 4..9 of B must still come after it
            if (m.body().equals("B-3") && attempts.merge(m.body(), 1, Integer::sum) <= 2) return "HTTP 503";
            delivered.computeIfAbsent(m.partitionKey(), k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(m.body().substring(2)));
            return null;
        })));
        for (int i = 0; i < 10; i++)
            for (String station : List.of("A", "B", "C")) enqueue(name, station, station + "-" + i);

        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.values().stream().mapToInt(List::size).sum() == 30);
        for (String station : List.of("A", "B", "C"))
            assertThat(delivered.get(station)).as(station).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(attempts.get("B-3")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE channel = ? AND delivered_at IS NOT NULL AND pending_key IS NULL")
                .param(name).query(Integer.class).single()).isEqualTo(30);
    }

    @Test
    void reportsTheBacklogAndStoresBodiesOfAnySize() {
        String name = unique("test.backlog");
        String metric = name + ".gauge";
        var bodies = new CopyOnWriteArrayList<String>();
        var open = new CountDownLatch(1);
        outbox.register(new Channel(name, metric, 2, 0, m -> CompletableFuture.supplyAsync(() -> {
            if (open.getCount() > 0) return "receiver down";
            bodies.add(m.body());
            return null;
        })));
        String big = "x".repeat(1_000_000);
        enqueue(name, "S1", big);
        enqueue(name, "S1", "small");
        enqueue(name, "S2", "other");
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.get(metric).gauge().value() == 3);
        open.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> bodies.size() == 3);
        assertThat(bodies).contains(big, "small", "other");
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.get(metric).gauge().value() == 0);
        // the two metrics dashboards read exist
        assertThat(metrics.find("ladewerk.webhook.backlog").gauge()).isNotNull();
        assertThat(metrics.find("ladewerk.emm.backlog").gauge()).isNotNull();
    }

    @Test
    void aMaximumRateSpacesThePostsEvenWithSlotsToSpare() {
        String name = unique("test.rate");
        var started = new CopyOnWriteArrayList<Long>();
        outbox.register(new Channel(name, "test.rate.backlog", 16, 2, m -> {
            started.add(System.nanoTime());
            return CompletableFuture.completedFuture(null);
        }));
        store.submit(tx -> {
            for (int i = 0; i < 6; i++) outbox.enqueue(tx, name, "S" + i, "test://" + name, null, "b" + i);
            return null;
        }).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> started.size() == 6);
        // at 2 a second the six posts span five intervals (2.5 s), less at most the worker's 1 s of catch-up;
        // unpaced they would all start within milliseconds
        assertThat(Duration.ofNanos(Collections.max(started) - Collections.min(started))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retentionDeletesDeliveredRowsOnlyOnceOldEnough() {
        String name = unique("test.retention");
        Instant long_ago = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++)
            jdbc.sql("""
                    INSERT INTO outbox (channel, partition_key, target, body, created_at, delivered_at) VALUES (?, 'S', 't', 'b', ?, ?)""")
                    .params(name, long_ago.atOffset(java.time.ZoneOffset.UTC), long_ago.atOffset(java.time.ZoneOffset.UTC)).update();
        jdbc.sql("INSERT INTO outbox (channel, partition_key, target, body, created_at, delivered_at) VALUES (?, 'S', 't', 'b', ?, ?)")
                .params(name, Instant.now().atOffset(java.time.ZoneOffset.UTC), Instant.now().atOffset(java.time.ZoneOffset.UTC)).update();
        // a waiting row of a channel nobody delivers (e.g. a receiver since turned off) is kept however old
        jdbc.sql("""
                INSERT INTO outbox (channel, partition_key, pending_key, target, body, created_at, next_attempt_at)
                VALUES (?, 'S', 'S', 't', 'waiting', ?, ?)""")
                .params(name, long_ago.atOffset(java.time.ZoneOffset.UTC), long_ago.atOffset(java.time.ZoneOffset.UTC)).update();

        outbox.purge(Instant.now());

        List<String> left = new ArrayList<>(jdbc.sql("SELECT body FROM outbox WHERE channel = ? ORDER BY id").param(name).query(String.class).list());
        assertThat(left).containsExactly("b", "waiting");
    }
}
