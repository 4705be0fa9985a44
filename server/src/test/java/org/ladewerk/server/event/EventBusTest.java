package org.ladewerk.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.Sessions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every domain change is published once, in order, to live subscribers, and every frame to viewers;
 * transactional listeners share the commit.
 */
class EventBusTest extends ServerTest {

    @Autowired
    EventBus events;

    @Autowired
    GroupCommitter store;

    @Test
    void sessionPublishesEachChangeOnceInOrder() {
        String id = unique("ev");
        List<StationEvent> seen = new CopyOnWriteArrayList<>();
        List<StationEvent> seenInside = new CopyOnWriteArrayList<>();
        try (var viewer = events.subscribeViewer("test", 10_000, e -> { if (e.stationId().equals(id)) seen.add(e); });
             var inside = events.subscribe("test-inside", 10_000, e -> { if (e.stationId().equals(id)) seenInside.add(e); });
             var station = station(id)) {
            int tx = Sessions.fullSession(station, api(), unique("E", 12));
            station.close();
            await().atMost(5, TimeUnit.SECONDS).until(() -> seen.stream().anyMatch(e -> e instanceof StationEvent.Disconnected));
            List<String> domain = seen.stream().filter(e -> !(e instanceof StationEvent.Frame)).map(StationEvent::type).toList();
            assertThat(domain).containsExactly("station.connected", "station.booted", "connector.status", "transaction.started",
                    "meter.sampled", "meter.sampled", "transaction.stopped", "station.disconnected");
            var stopped = seen.stream().filter(StationEvent.TransactionStopped.class::isInstance).map(StationEvent.TransactionStopped.class::cast).findFirst().orElseThrow();
            assertThat(stopped.transactionId()).isEqualTo(tx);
            assertThat(stopped.energyWh()).isEqualTo(2000);
            long in = seen.stream().filter(e -> e instanceof StationEvent.Frame f && f.inbound()).count();
            long out = seen.stream().filter(e -> e instanceof StationEvent.Frame f && !f.inbound()).count();
            assertThat(in).isEqualTo(6);
            assertThat(out).isEqualTo(6);
            // the server's own subscribers get the domain events only, not the frames
            await().atMost(5, TimeUnit.SECONDS).until(() -> seenInside.stream().anyMatch(e -> e instanceof StationEvent.Disconnected));
            assertThat(seenInside.stream().map(StationEvent::type).toList()).isEqualTo(domain);
        }
    }

    @Test
    void transactionalListenerWritesCommitOrRollBackWithTheChange() {
        String marker = unique("tl");
        List<String> committed = new CopyOnWriteArrayList<>();
        events.addTransactionalListener((tx, e) -> {
            if (e.stationId().startsWith(marker)) committed.add(e.stationId());
        });
        try (var subscription = events.subscribe("rollback-test", 100, e -> { if (e.stationId().startsWith(marker)) committed.add("live:" + e.stationId()); })) {
            var failing = store.submit(tx -> {
                events.publish(tx, new StationEvent.Disconnected(marker + "-a", java.time.Instant.now()));
                throw new IllegalStateException("roll back");
            });
            assertThat(failing).failsWithin(5, TimeUnit.SECONDS);
            store.submit(tx -> {
                events.publish(tx, new StationEvent.Disconnected(marker + "-b", java.time.Instant.now()));
                return null;
            }).join();
            await().atMost(5, TimeUnit.SECONDS).until(() -> committed.contains("live:" + marker + "-b"));
            assertThat(committed).doesNotContain("live:" + marker + "-a");
        }
    }
}
