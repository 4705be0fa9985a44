package org.ladewerk.server.integration.emm;

import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.outbox.Outbox;
import org.springframework.stereotype.Component;

/** What the API and UI show of the EMM link: whether it is on, last pushes, last error, and the session backlog. */
@Component
public class EmmStatus {

    private final EmmLink link;
    private final Outbox outbox;
    private final boolean enabled;

    EmmStatus(EmmLink link, Outbox outbox, LadewerkProperties properties) {
        this.link = link;
        this.outbox = outbox;
        this.enabled = !properties.emm().url().isEmpty();
    }

    public EmmLink.State state() {
        return link.state(enabled, outbox.backlog(EmmSessionPush.CHANNEL, true));
    }
}
