package org.ladewerk.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The live view is a lifecycle bean: Spring restarts it only when it says it is not running. A stop
 * that left it "running" meant a restart (as when a paused test context resumes) never subscribed
 * again, and the view, status.json and the app's live state froze.
 */
class LiveViewRestartTest extends ServerTest {

    @Autowired
    LiveView view;

    @Test
    void aStoppedViewSaysSoAndFollowsStationsAgainAfterItsRestart() throws Exception {
        view.stop();
        assertThat(view.isRunning()).isFalse();
        view.start();
        assertThat(view.isRunning()).isTrue();

        String id = unique("LV");
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            station.call("StatusNotification", Map.of("connectorId", 1, "status", "Preparing", "errorCode", "NoError"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                LiveStation s = view.station(id);
                assertThat(s).isNotNull();
                assertThat(s.snapshot().online()).isTrue();
            });
        }
    }
}
