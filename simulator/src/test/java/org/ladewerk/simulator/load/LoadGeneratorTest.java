package org.ladewerk.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which address each station of a load run connects to. */
class LoadGeneratorTest {

    @Test
    void severalTargetsTakeTheLoopbackAddressesInTurn() {
        String url = "ws://127.0.0.1:9220/ocpp";
        assertThat(LoadGenerator.url(url, 3, 1)).isEqualTo("ws://127.0.0.2:9220/ocpp");
        assertThat(LoadGenerator.url(url, 3, 2)).isEqualTo("ws://127.0.0.3:9220/ocpp");
        assertThat(LoadGenerator.url(url, 3, 3)).isEqualTo(url);
        assertThat(LoadGenerator.url("wss://127.0.0.1:8443/ocpp/x?y=1", 2, 1)).isEqualTo("wss://127.0.0.2:8443/ocpp/x?y=1");
    }

    @Test
    void oneTargetKeepsAnyUrl() {
        assertThat(LoadGenerator.url("ws://csms.example:80/ocpp", 1, 7)).isEqualTo("ws://csms.example:80/ocpp");
    }

    @Test
    void severalTargetsNeedTheLoopbackAddress() {
        assertThatThrownBy(() -> LoadGenerator.url("ws://localhost:9220/ocpp", 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void byDefaultOneTargetPer10000StationsOnLoopbackOnly() {
        assertThat(LoadGenerator.defaultTargets("ws://127.0.0.1:9220/ocpp", 10_000)).isEqualTo(1);
        assertThat(LoadGenerator.defaultTargets("ws://127.0.0.1:9220/ocpp", 19_000)).isEqualTo(2);
        assertThat(LoadGenerator.defaultTargets("ws://127.0.0.1:9220/ocpp", 1)).isEqualTo(1);
        assertThat(LoadGenerator.defaultTargets("ws://10.0.0.5:9220/ocpp", 50_000)).isEqualTo(1);
    }
}
