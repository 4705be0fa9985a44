package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The running server's writers are in /actuator/health and their metrics in /actuator/metrics. */
class WritersEndpointTest extends ServerTest {

    @Autowired
    Writers writers;

    @Test
    void bothWritersAreHealthyAndMeasured() {
        try (TestStation station = station(unique("WRITERS"))) {
            station.call("Heartbeat", Map.of());
        }
        assertThat(writers.states()).extracting(BatchWriter.State::name).contains("group-commit", "message-log");
        assertThat(writers.states()).allMatch(BatchWriter.State::usable);
        var health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        for (String writer : new String[] {"group-commit", "message-log"}) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(writer) > 0);
            for (String metric : new String[] {"ladewerk.writer.queue.depth", "ladewerk.writer.queue.bytes", "ladewerk.writer.batch.wait",
                    "ladewerk.writer.failures"})
                assertThat(api().get("/actuator/metrics/" + metric + "?tag=writer:" + writer).status()).as(metric).isEqualTo(200);
        }
    }

    private double count(String writer) {
        var r = api().get("/actuator/metrics/ladewerk.writer.batch.size?tag=writer:" + writer);
        if (r.status() != 200) return 0;
        for (JsonNode m : r.json().get("measurements"))
            if (m.get("statistic").asString().equals("COUNT")) return m.get("value").asDouble();
        return 0;
    }
}
