package org.ladewerk.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/**
 * An independent OCPP 2.0.1 implementation, npm ocpp-rpc in strict mode (every frame validated against
 * the official schemas in both directions), runs a full session (boot, authorization, a transaction
 * from its events, device model report, notifications) and receives all 40 central-system-initiated
 * operations through the REST command endpoint, with their recorded effects checked over REST.
 */
class StrictClient201Test extends ServerTest {

    @Test
    void strictOcppRpcClientRunsAFullOcpp201SessionAndEveryCommand() {
        var result = NodeStrictClient.runScript(NodeStrictClient.SCRIPT_201, "ws://127.0.0.1:" + port + "/ocpp",
                "http://127.0.0.1:" + port, unique("strict201"), Duration.ofMinutes(3));
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.summary()).hasValueSatisfying(s -> assertThat(s).contains("\"centralSystemInitiated\":40"));
    }
}
