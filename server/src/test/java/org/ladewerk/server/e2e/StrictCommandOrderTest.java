package org.ladewerk.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * npm ocpp-rpc in strict mode sees a command that its BootNotification set off (sent the moment the
 * boot is stored, as the integrations do) arrive after the boot's answer, in wire order.
 */
class StrictCommandOrderTest extends ServerTest {

    @Autowired EventBus events;
    @Autowired CommandService commands;

    @Test
    void aCommandSetOffByTheBootFollowsItsAnswer() {
        String id = unique("order");
        events.addTransactionalListener((tx, e) -> {
            if (e instanceof StationEvent.Booted b && b.stationId().equals(id))
                tx.afterCommit(() -> commands.send(id, "GetConfiguration", JsonNodeFactory.instance.objectNode()));
        });
        var result = NodeStrictClient.runScript("strict-command-order.mjs", "ws://127.0.0.1:" + port + "/ocpp",
                "http://127.0.0.1:" + port, id, Duration.ofMinutes(2));
        assertThat(result.ok()).as(result.describe()).isTrue();
    }
}
