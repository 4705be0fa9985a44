package org.ladewerk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe that decides whether the server gets an option only some JDKs know. */
class JvmTest {

    @Test
    void acceptsOptionsThisJdkKnows() {
        assertThat(Jvm.accepts(List.of("-Xmx64m"))).isTrue();
    }

    @Test
    void refusesAnOptionThisJdkDoesNotKnow() {
        assertThat(Jvm.accepts(List.of("-XX:+NoSuchLadewerkOption"))).isFalse();
    }
}
