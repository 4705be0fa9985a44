package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.support.MutableClock;

/** site.updated is rendered for viewers only: the server's own subscribers never cause it. */
class SiteEventsTest {

    @Test
    void siteUpdatesArePublishedOnlyWhileAViewerWatches() throws Exception {
        var events = new EventBus();
        var model = new SiteModel(new MutableClock(Instant.parse("2026-06-21T10:00:00Z")), Duration.ofSeconds(60));
        List<StationEvent> inside = new CopyOnWriteArrayList<>();
        List<StationEvent> watched = new CopyOnWriteArrayList<>();
        var siteEvents = new SiteEvents(model, events);
        try (var subscriber = events.subscribe("inside", 100, inside::add)) {
            model.updateChargePoint("cp", ChargePointField.POWER, 1500, "t");
            // two ticks of the one-second ticker pass with a subscriber but no viewer
            TimeUnit.MILLISECONDS.sleep(2500);
            assertThat(inside).noneMatch(StationEvent.SiteUpdated.class::isInstance);

            try (var viewer = events.subscribeViewer("browser", 100, watched::add)) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> watched.stream().anyMatch(StationEvent.SiteUpdated.class::isInstance));
            }
        } finally {
            siteEvents.destroy();
        }
    }
}
