package org.ladewerk.server.integration.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Respond-mode fallback warnings: one per station and cause per minute, the rest counted. */
class WarnLimiterTest {

    @Test
    void letsOneWarningPerKeyAndPeriodThroughAndCountsTheRest() {
        var limiter = new WarnLimiter(Duration.ofMinutes(1));
        long t = 1_000_000_000L;
        assertThat(limiter.admit("CP1|timeout", t)).isZero();
        for (int i = 1; i <= 3208; i++) assertThat(limiter.admit("CP1|timeout", t + i * 1_000_000L)).isEqualTo(-1);
        assertThat(limiter.admit("CP2|timeout", t + 5)).as("another station").isZero();
        assertThat(limiter.admit("CP1|HTTP 500", t + 5)).as("another cause").isZero();
        assertThat(limiter.admit("CP1|timeout", t + Duration.ofMinutes(1).toNanos() + 1)).as("next minute, with the count").isEqualTo(3208);
    }
}
