package org.ladewerk.server.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Failed password attempts, per claimed id (a station id, an API user) and per client address, with
 * lockout and backoff: against guessing, and because a person's password runs a deliberately slow
 * hash, so a stream of wrong ones is CPU anyone could burn. After {@value #FREE_FAILURES} failures in
 * a row an id (after {@value #FREE_FAILURES_PER_ADDRESS} an address) is locked out, for a second and
 * then twice as long after each further failure (up to {@link #MAX_LOCKOUT}), and a locked-out
 * attempt is refused before any hash is computed. A success clears the id. Counters are kept per node
 * (a lockout is a defence, not a ledger) and forgotten after {@link #FORGET_AFTER} without failures;
 * the table is bounded.
 * <p>
 * An address may be shared: the stations of a site behind one router, an office, a mobile operator's
 * NAT. So an id that logged in from an address before (within {@link #TRUST_FOR}) is not locked out by
 * that address's count, only by its own: one misconfigured station cannot keep its neighbours out,
 * while a guesser trying many ids from one address still is (OWASP's "device cookie" idea, keyed by the
 * address, since stations keep no cookies).
 */
@Component
public class LoginThrottle {

    static final int FREE_FAILURES = 5;
    /** An address may be shared by many (a NAT, an office): it is locked out later than a single id. */
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    static final Duration TRUST_FOR = Duration.ofDays(30);
    private static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, long lastNanos, long lockedUntilNanos) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    /** "id|address" of successful log-ins, with the time of the last one. */
    private final ConcurrentHashMap<String, Long> trusted = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    @Autowired
    public LoginThrottle() {
        this(System::nanoTime);
    }

    /** With the clock a test sets. */
    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long the id or address is still locked out; zero when an attempt may be checked. */
    public Duration lockedFor(String id, String address) {
        long now = nanoTime.getAsLong();
        long wait = remaining(key("id", id), now);
        if (!trusted(id, address, now)) wait = Math.max(wait, remaining(key("addr", address), now));
        return Duration.ofNanos(wait);
    }

    public void failed(String id, String address) {
        long now = nanoTime.getAsLong();
        bound(failures, f -> now - f.lastNanos() > FORGET_AFTER.toNanos() && f.lockedUntilNanos() - now <= 0);
        if (id != null) failures.compute(key("id", id), (k, f) -> next(f, now, FREE_FAILURES));
        if (address != null) failures.compute(key("addr", address), (k, f) -> next(f, now, FREE_FAILURES_PER_ADDRESS));
    }

    public void succeeded(String id, String address) {
        if (id == null) return;
        failures.remove(key("id", id));
        if (address == null) return;
        long now = nanoTime.getAsLong();
        bound(trusted, at -> now - at > TRUST_FOR.toNanos());
        trusted.put(pair(id, address), now);
    }

    private boolean trusted(String id, String address, long now) {
        Long at = id == null || address == null ? null : trusted.get(pair(id, address));
        return at != null && now - at <= TRUST_FOR.toNanos();
    }

    private long remaining(String key, long now) {
        Failures f = key == null ? null : failures.get(key);
        return f == null ? 0 : Math.max(0, f.lockedUntilNanos() - now);
    }

    private static Failures next(Failures f, long now, int free) {
        int count = f == null || now - f.lastNanos() > FORGET_AFTER.toNanos() ? 1 : f.count() + 1;
        long lock = 0;
        if (count >= free) {
            int doublings = Math.min(count - free, 20);
            lock = Math.min(Duration.ofSeconds(1).toNanos() << doublings, MAX_LOCKOUT.toNanos());
        }
        return new Failures(count, now, now + lock);
    }

    /** A full table drops what has expired, and everything if that is not enough. */
    private static <V> void bound(Map<String, V> table, Predicate<V> expired) {
        if (table.size() < MAX_ENTRIES) return;
        table.values().removeIf(expired);
        if (table.size() >= MAX_ENTRIES) table.clear();
    }

    private static String pair(String id, String address) {
        return id + '|' + address;
    }

    private static String key(String kind, String value) {
        return value == null ? null : kind + ':' + value;
    }
}
