package org.ladewerk.server.site;

import java.time.Duration;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Announces {@code site.updated} on the live event stream at most once a second, and only when the
 * model changed: MQTT may change it thousands of times a second, a browser needs a steady pace. Only
 * while a browser watches: the view is rendered over every charge point (for a fleet whose stations all
 * count as site charge points that was a quarter of the server's CPU under ingest, for nobody).
 */
@Component
class SiteEvents implements DisposableBean {

    private final SiteModel model;
    private final EventBus events;
    private final Ticker ticker;
    private long published = -1;

    SiteEvents(SiteModel model, EventBus events) {
        this.model = model;
        this.events = events;
        this.ticker = Ticker.every("site-events", Duration.ofSeconds(1), Duration.ofSeconds(1), this::tick);
    }

    private void tick() {
        long version = model.version();
        if (version == published || !events.hasViewers()) return;
        published = version;
        SiteView view = model.view();
        events.publish(new StationEvent.SiteUpdated(view.json(), view.at()));
    }

    @Override
    public void destroy() {
        ticker.close();
    }
}
