package org.ladewerk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The switches the README names do what they say. */
class BenchOptionsTest {

    private static Bench parse(String... args) {
        var bench = new Bench();
        new CommandLine(bench).parseArgs(args);
        return bench;
    }

    @Test
    void postgresAndProfileAreOnUnlessSwitchedOff() {
        var defaults = parse();
        assertThat(defaults.postgres).isTrue();
        assertThat(defaults.profile).isTrue();

        var off = parse("--no-postgres", "--no-profile");
        assertThat(off.postgres).isFalse();
        assertThat(off.profile).isFalse();
    }
}
