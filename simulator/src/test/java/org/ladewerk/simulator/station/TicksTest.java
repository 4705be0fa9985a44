package org.ladewerk.simulator.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Periodic tasks of one period and phase slot share a timer task; the last one to leave stops it. */
class TicksTest {

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final Ticks ticks = new Ticks(timers);

    {
        timers.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void tasksOfOnePhaseSlotShareOneTimerTask() {
        // an hour's period: nothing runs during the test; slots of 3.6 s
        long hour = TimeUnit.HOURS.toMillis(1);
        var a = ticks.every(hour, 1_000, () -> { });
        var b = ticks.every(hour, 2_000, () -> { });
        var c = ticks.every(hour, 10_000, () -> { });
        var d = ticks.every(hour / 2, 1_000, () -> { });
        assertThat(ticks.groups()).isEqualTo(3);
        assertThat(timers.getQueue()).hasSize(3);

        a.cancel();
        assertThat(timers.getQueue()).hasSize(3);
        b.cancel();
        c.cancel();
        d.cancel();
        assertThat(ticks.groups()).isZero();
        assertThat(timers.getQueue()).isEmpty();

        b.cancel(); // twice: nothing left to do
        assertThat(ticks.groups()).isZero();
    }

    @Test
    void aFailingTaskDoesNotStopTheOthersOfItsGroup() throws InterruptedException {
        var runs = new CountDownLatch(3);
        ticks.every(5, 0, () -> {
            throw new IllegalStateException("broken station");
        });
        ticks.every(5, 0, runs::countDown);
        assertThat(ticks.groups()).isEqualTo(1);
        assertThat(runs.await(30, TimeUnit.SECONDS)).isTrue();
    }
}
