package org.ladewerk.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lockouts per id and per address, and ids that logged in from an address before (a site behind one NAT). */
class LoginThrottleTest {

    private static final String SITE = "203.0.113.7";

    private long now = 1_000_000_000L;
    private final LoginThrottle throttle = new LoginThrottle(() -> now);

    private void fail(String id, String address, int times) {
        for (int i = 0; i < times; i++) throttle.failed(id, address);
    }

    @Test
    void anIdIsLockedOutAfterItsFreeFailuresAndASuccessClearsIt() {
        fail("cp-1", SITE, LoginThrottle.FREE_FAILURES - 1);
        assertThat(throttle.lockedFor("cp-1", SITE)).isZero();
        fail("cp-1", SITE, 1);
        assertThat(throttle.lockedFor("cp-1", SITE)).isEqualTo(Duration.ofSeconds(1));
        fail("cp-1", SITE, 2);
        assertThat(throttle.lockedFor("cp-1", SITE)).as("doubling").isEqualTo(Duration.ofSeconds(4));
        now += Duration.ofSeconds(5).toNanos();
        throttle.succeeded("cp-1", SITE);
        fail("cp-1", SITE, 1);
        assertThat(throttle.lockedFor("cp-1", SITE)).isZero();
    }

    @Test
    void aMisconfiguredStationDoesNotLockOutItsNeighboursBehindTheSameAddress() {
        throttle.succeeded("neighbour", SITE);
        // one station with a wrong password keeps retrying, and others are tried from the same address
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) throttle.failed("broken-" + (i % 4), SITE);
        assertThat(throttle.lockedFor("stranger", SITE)).as("an id never seen from the address").isPositive();
        assertThat(throttle.lockedFor("neighbour", SITE)).as("an id that logged in from it before").isZero();
        assertThat(throttle.lockedFor("neighbour", "198.51.100.1")).as("trust is per address").isZero();
        fail("198.51.100.1-guess", "198.51.100.1", LoginThrottle.FREE_FAILURES_PER_ADDRESS);
        assertThat(throttle.lockedFor("neighbour", "198.51.100.1")).as("not trusted from another address").isPositive();
        fail("neighbour", SITE, LoginThrottle.FREE_FAILURES);
        assertThat(throttle.lockedFor("neighbour", SITE)).as("its own failures still count").isPositive();
    }

    @Test
    void trustEndsAfterItsPeriod() {
        throttle.succeeded("neighbour", SITE);
        now += LoginThrottle.TRUST_FOR.plusSeconds(1).toNanos();
        fail("guess", SITE, LoginThrottle.FREE_FAILURES_PER_ADDRESS);
        assertThat(throttle.lockedFor("neighbour", SITE)).isPositive();
    }
}
