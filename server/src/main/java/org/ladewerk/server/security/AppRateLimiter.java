package org.ladewerk.server.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.stereotype.Component;

/**
 * Request budgets of the app API, the part of the system meant to face the internet: one token
 * bucket (Bucket4j) per app token and one per client address, each refilled evenly over
 * {@code ladewerk.app.rate-period}. Kept per node, like {@link LoginThrottle}: a limit protects
 * the node, it is not an account. The table is bounded; when full it starts afresh, which at worst
 * forgives some callers one period early.
 */
@Component
public class AppRateLimiter {

    public enum Limit { token, address }

    private static final int MAX_BUCKETS = 100_000;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LadewerkProperties.App config;
    private final MeterRegistry metrics;

    public AppRateLimiter(LadewerkProperties properties, MeterRegistry metrics) {
        this.config = properties.app();
        this.metrics = metrics;
    }

    /** Takes one request from the caller's budget: zero when allowed, else how long until the next one is. */
    public Duration take(Limit limit, String caller) {
        if (buckets.size() >= MAX_BUCKETS) buckets.clear();
        int capacity = limit == Limit.token ? config.ratePerToken() : config.ratePerAddress();
        Bucket bucket = buckets.computeIfAbsent(limit + ":" + caller,
                k -> Bucket.builder().addLimit(b -> b.capacity(capacity).refillGreedy(capacity, config.ratePeriod())).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return Duration.ZERO;
        metrics.counter("ladewerk.app.ratelimited", "limit", limit.name()).increment();
        return Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1));
    }

    /** Seconds for a Retry-After header: at least one. */
    public static String retryAfter(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
