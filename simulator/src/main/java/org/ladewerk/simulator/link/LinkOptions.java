package org.ladewerk.simulator.link;

import java.time.Duration;

/**
 * Link behaviour: how long to wait for answers, reconnect backoff, and the echo mode of the
 * benchmark (the peer sends every frame back, so an echoed CALL counts as its own answer).
 */
public record LinkOptions(Duration responseTimeout, Duration reconnectMin, Duration reconnectMax, boolean echo) {

    public static LinkOptions defaults() {
        return new LinkOptions(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), false);
    }

    public LinkOptions withResponseTimeout(Duration d) {
        return new LinkOptions(d, reconnectMin, reconnectMax, echo);
    }

    public LinkOptions withReconnect(Duration min, Duration max) {
        return new LinkOptions(responseTimeout, min, max, echo);
    }

    public LinkOptions withEcho(boolean on) {
        return new LinkOptions(responseTimeout, reconnectMin, reconnectMax, on);
    }
}
