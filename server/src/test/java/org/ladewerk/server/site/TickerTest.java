package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {

    @Test
    void aRunThatFailsDoesNotEndTheSchedule() throws InterruptedException {
        var runs = new AtomicInteger();
        var third = new CountDownLatch(1);
        try (var ticker = Ticker.every("ticker-test", Duration.ZERO, Duration.ofMillis(10), () -> {
            int n = runs.incrementAndGet();
            if (n == 1) throw new IllegalStateException("first run fails");
            if (n == 2) throw new AssertionError("second run fails with an Error");
            third.countDown();
        })) {
            assertThat(third.await(30, TimeUnit.SECONDS)).as("ran again after an exception and after an error").isTrue();
        }
    }
}
