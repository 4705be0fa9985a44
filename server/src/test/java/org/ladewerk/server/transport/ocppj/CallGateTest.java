package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

        now += CallGate.PATIENCE_NANOS - 1;
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
        now += 10 * CallGate.PATIENCE_NANOS;
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

        now += CallGate.PATIENCE_NANOS;
        gate.expire();
        assertThat(gate.inProgress()).as("neither sent anything").isZero();
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new CallGate(0)).hasMessageContaining("max-calls-in-progress");
    }
}
