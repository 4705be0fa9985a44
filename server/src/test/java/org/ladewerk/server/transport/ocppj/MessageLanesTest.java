package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At most so many tasks at once, none lost, answers before waiting messages, no hop when idle. */
class MessageLanesTest {

    @Test
    void anIdleLaneRunsTheTaskOnTheCallingThread() {
        var lanes = new MessageLanes(2);
        var ranOn = new CopyOnWriteArrayList<Thread>();
        lanes.handle(() -> ranOn.add(Thread.currentThread()));
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void neverMoreThanTheLanesRunAtOnceAndEveryTaskRuns() throws Exception {
        var lanes = new MessageLanes(3);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var done = new CountDownLatch(2_000);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2_000; i++) {
                boolean answer = i % 3 == 0;
                callers.execute(() -> {
                    Runnable task = () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.yield();
                        running.decrementAndGet();
                        done.countDown();
                    };
                    if (answer) lanes.answer(task);
                    else lanes.handle(task);
                });
            }
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every task ran").isTrue();
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void waitingAnswersGoBeforeWaitingMessagesAndMessagesKeepTheirOrder() throws Exception {
        var lanes = new MessageLanes(1);
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var order = new CopyOnWriteArrayList<String>();
        Thread.ofVirtual().start(() -> lanes.handle(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        lanes.handle(() -> order.add("message 1"));
        lanes.handle(() -> order.add("message 2"));
        lanes.answer(() -> order.add("answer"));
        assertThat(order).isEmpty();
        release.countDown();
        await().until(() -> order.size() == 3);
        assertThat(order).isEqualTo(List.of("answer", "message 1", "message 2"));
    }

    @Test
    void aTaskThatThrowsGivesItsLaneBack() {
        var lanes = new MessageLanes(1);
        try {
            lanes.handle(() -> { throw new IllegalStateException("boom"); });
        } catch (IllegalStateException expected) {
            // on the calling thread, the caller sees it
        }
        var ran = new AtomicInteger();
        lanes.handle(ran::incrementAndGet);
        assertThat(ran).hasValue(1);
    }
}
