package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One call in progress at a time: every station's calls are still answered, one after the other, and a
 * station that goes quiet once let in does not keep the others out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
        "ladewerk.charging-data.archive=false", "ladewerk.ocpp.max-calls-in-progress=1"})
class CallGateServerTest {

    @LocalServerPort
    int port;

    @Autowired
    OcppJEndpoint endpoint;

    @Autowired
    MeterRegistry meters;

    @Test
    void withOnePlaceEveryStationIsAnsweredAndQuietOnesHoldNoPlace() throws Exception {
        var quiet = TestStation.connect(port, "gate-quiet");
        var busy = new ArrayList<TestStation>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // let in again after its answer, then silent for the rest of the test
            assertThat(quiet.call("Heartbeat", Map.of()).get("currentTime").asString()).isNotBlank();

            List<CompletableFuture<Integer>> answered = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                var station = TestStation.connect(port, "gate-busy-" + i);
                busy.add(station);
                answered.add(CompletableFuture.supplyAsync(() -> {
                    int n = 0;
                    for (int k = 0; k < 15; k++) {
                        if (!station.call("Heartbeat", Map.of()).get("currentTime").asString().isBlank()) n++;
                    }
                    return n;
                }, threads));
            }
            for (var a : answered) assertThat(a.get()).isEqualTo(15);

            // everyone was let in again after their last answer and has sent nothing since: no place stays taken
            CallGate gate = endpoint.gate();
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.inProgress() == 0 && gate.waiting() == 0);
            System.gc(); // the gauge must outlive a collection
            assertThat(meters.get("ladewerk.ocpp.calls.waiting").gauge().value()).isZero();
            assertThat(quiet.call("Heartbeat", Map.of()).get("currentTime").asString()).isNotBlank();
        } finally {
            quiet.close();
            busy.forEach(TestStation::close);
        }
    }
}
