package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate's bookkeeping, on a clock the test moves. */
class CallGateTest {

    private long now = 1_000;
    private final List<String> readOn = new ArrayList<>();
    private final CallGate gate = new CallGate(2, () -> now);

    private final CallGate.Pass a = pass("a");
    private final CallGate.Pass b = pass("b");
    private final CallGate.Pass c = pass("c");
    private final CallGate.Pass d = pass("d");

    private CallGate.Pass pass(String name) {
        return new CallGate.Pass(() -> readOn.add(name));
    }

    /** a's and b's calls fill both places; c and d, answered meanwhile, wait in that order. */
    private void fullWithCAndDWaiting() {
        gate.calling(a);
        gate.calling(b);
        gate.calling(c); // arrived without the gate (its first call): counted, not held back
        assertThat(gate.inProgress()).isEqualTo(3);
        gate.answered(c, true);
        gate.calling(d);
        gate.answered(d, true);
        assertThat(readOn).isEmpty();
        assertThat(gate.waiting()).isEqualTo(2);
    }

    @Test
    void belowTheLimitAnAnsweredStationReadsOnAtOnce() {
        gate.calling(a);
        assertThat(gate.inProgress()).isEqualTo(1);
        gate.answered(a, true);
        assertThat(readOn).containsExactly("a");
        assertThat(gate.inProgress()).as("let in, counted until it calls and is answered").isEqualTo(1);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void atTheLimitStationsWaitAndAreLetInFirstComeFirstServed() {
        fullWithCAndDWaiting();
        gate.answered(a, true); // one place free, for the one waiting longest; a queues behind d
        assertThat(readOn).containsExactly("c");
        gate.answered(b, true);
        assertThat(readOn).containsExactly("c", "d");
        assertThat(gate.waiting()).as("a and b").isEqualTo(2);

        gate.calling(c); // let in, so already counted
        assertThat(gate.inProgress()).isEqualTo(2);
        gate.answered(c, true);
        assertThat(readOn).containsExactly("c", "d", "a");
        assertThat(gate.waiting()).as("b and c").isEqualTo(2);
    }

    @Test
    void aStationLetInThatSendsNothingStopsCountingAfterThePatience() {
        gate.calling(a);
        gate.calling(b);
        gate.answered(a, true);
        assertThat(readOn).containsExactly("a");
        gate.calling(c);
        gate.answered(c, true); // a (let in, silent) and b hold both places
        assertThat(readOn).containsExactly("a");

        now += gate.patienceNanos() - 1;
        gate.expire();
        assertThat(readOn).containsExactly("a");

        now += 1;
        gate.expire(); // a is presumed idle: its place goes to c
        assertThat(readOn).containsExactly("a", "c");
        assertThat(gate.inProgress()).isEqualTo(2);

        gate.calling(a); // a's call comes after all: counted from now, not refused
        assertThat(gate.inProgress()).isEqualTo(3);
        gate.answered(a, true);
        gate.answered(b, true);
        assertThat(gate.inProgress()).as("c let in, a let in again").isEqualTo(2);
    }

    @Test
    void aStationThatCalledIsNotExpiredWhileItsCallIsInProgress() {
        gate.calling(a);
        gate.answered(a, true);
        gate.calling(a);
        now += 10 * gate.patienceNanos();
        gate.expire();
        assertThat(gate.inProgress()).isEqualTo(1);

        gate.calling(b);
        gate.answered(b, true);
        assertThat(readOn).as("two places: a's call and b let in").containsExactly("a", "b");
        assertThat(gate.inProgress()).isEqualTo(2);
    }

    @Test
    void aClosingStationGivesItsPlaceUpWithoutReadingOn() {
        gate.calling(a);
        gate.calling(b);
        gate.calling(c);
        gate.answered(c, true);
        gate.answered(a, false);
        assertThat(readOn).containsExactly("c");
        assertThat(gate.inProgress()).isEqualTo(2);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aStationThatDisconnectsLeavesTheQueueAndFreesThePlaceItWasLetInto() {
        fullWithCAndDWaiting();
        gate.left(c); // waiting: skipped when its turn comes
        gate.answered(a, true);
        assertThat(readOn).containsExactly("d");

        gate.left(d); // let in and silent: its place is free at once, for a
        assertThat(readOn).containsExactly("d", "a");
        assertThat(gate.inProgress()).as("b's call and a let in").isEqualTo(2);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aStationThatCannotReadOnDoesNotStopTheOthersAndItsPlaceIsFreedLater() {
        var broken = new CallGate.Pass(() -> { throw new IllegalStateException("closed"); });
        gate.calling(a);
        gate.calling(b);
        gate.calling(broken);
        gate.answered(broken, true);
        gate.calling(c);
        gate.answered(c, true);
        assertThat(gate.waiting()).isEqualTo(2);

        gate.answered(a, false); // lets the broken one in: it throws, the gate goes on
        gate.answered(b, false);
        assertThat(readOn).containsExactly("c");

        now += gate.patienceNanos();
        gate.expire();
        assertThat(gate.inProgress()).as("neither sent anything").isZero();
    }

    /**
     * After a young collection at a moderate load the gate holds a queue of mostly idle stations, and the
     * stations answered meanwhile join it. Idle ones leave only as their places expire, limit per patience, so
     * that rate must stay above the load whatever the limit, or the queue stays and every call waits behind it
     * in its socket (round 38: 1.8 s at 5,000 calls/s with 256 places and a fixed patience of 100 ms, which lets
     * 2,560 idle stations a second through).
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 256, 1024})
    void aQueueOfIdleStationsDrainsFasterThanTheModerateLoadWhateverTheLimit(int limit) {
        var model = new CallGate(limit, () -> now);
        int[] letIn = {0};
        var passes = new ArrayList<CallGate.Pass>();
        for (int i = 0; i < 20_000; i++) passes.add(new CallGate.Pass(() -> letIn[0]++));
        passes.forEach(model::calling); // all called at once (as after a pause) and are answered: the last ones queue
        passes.forEach(p -> model.answered(p, true));
        assertThat(model.waiting()).isEqualTo(20_000 - limit);

        int before = letIn[0];
        for (int tick = 0; tick < 1000 / CallGate.EXPIRY_TICK_MILLIS; tick++) { // a second in which nobody calls
            now += TimeUnit.MILLISECONDS.toNanos(CallGate.EXPIRY_TICK_MILLIS);
            model.expire();
        }
        assertThat(letIn[0] - before).as("idle stations let in within a second").isGreaterThan(5_000);
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new CallGate(0)).hasMessageContaining("max-calls-in-progress");
    }
}
