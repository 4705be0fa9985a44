package org.ladewerk.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmulatorTest {

    @Test
    void aTimerArmedWhileClosingIsDroppedNotFailed() {
        var emulator = new Emulator(Emulator.Options.defaults());
        emulator.close();
        // what a station's task still running at close does: arm its response timeout or next tick
        assertThatCode(() -> emulator.timers().schedule(() -> { }, 1, TimeUnit.SECONDS)).doesNotThrowAnyException();
        assertThat(emulator.timers().isShutdown()).isTrue();
    }
}
