package org.ladewerk.server.site;

import java.time.Duration;
import java.time.Instant;

/** One value as last reported, with when and by which source. */
public record Reading(double value, Instant at, String source) {

    public Duration age(Instant now) {
        return Duration.between(at, now).isNegative() ? Duration.ZERO : Duration.between(at, now);
    }

    public boolean fresh(Instant now, Duration staleAfter) {
        return age(now).compareTo(staleAfter) <= 0;
    }
}
