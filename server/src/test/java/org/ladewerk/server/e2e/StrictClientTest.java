package org.ladewerk.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/**
 * An independent OCPP 1.6 implementation, npm ocpp-rpc in strict mode (every frame validated against
 * the official schemas in both directions), runs a full session and receives all 19
 * central-system-initiated operations through the REST command endpoint.
 */
class StrictClientTest extends ServerTest {

    @Test
    void strictOcppRpcClientRunsAFullSessionAndEveryCommand() {
        var result = NodeStrictClient.run("ws://127.0.0.1:" + port + "/ocpp", "http://127.0.0.1:" + port,
                unique("strict"), Duration.ofMinutes(3));
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.summary()).hasValueSatisfying(s -> assertThat(s).contains("\"centralSystemInitiated\":19"));
    }
}
