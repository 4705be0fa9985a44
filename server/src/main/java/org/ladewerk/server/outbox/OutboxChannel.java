package org.ladewerk.server.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One receiver the outbox delivers to (the message webhook, the events webhook, the EMM). The channel
 * knows how to post a row; the outbox owns durability, ordering, retries and claiming.
 */
public interface OutboxChannel {

    /** Stored in every row of this channel; a receiver's rows are delivered by their own worker. */
    String name();

    /** Gauge the channel's waiting rows are added to, e.g. {@code ladewerk.webhook.backlog}. */
    String backlogMetric();

    /** Posts one message; completes with null when the receiver took it, else with why not (then it is retried). */
    CompletableFuture<String> deliver(OutboxMessage message);

    /** Attempts before a message is given up (kept with its last error, can be re-sent); 0: never give up. */
    default int maxAttempts() {
        return 0;
    }

    default Duration maxBackoff() {
        return Duration.ofMinutes(10);
    }

    /** Posts in flight at once to this receiver (each to a different partition, so per-partition order holds). */
    default int parallelism() {
        return 16;
    }

    /**
     * Most posts started per second to this receiver; 0: as fast as the slots allow. A backlog then drains
     * at a steady pace and leaves the machine's cores to station traffic instead of taking all of them.
     */
    default double maxRate() {
        return 0;
    }

    /** One post's outcome: error null when delivered; done when the row is finished with (delivered or given up). */
    record Attempt(OutboxMessage message, String error, boolean done) {}

    /** Told after each batch of attempts has been recorded, e.g. to show a session's delivery state; must not throw. */
    default void attempted(List<Attempt> attempts) {
    }
}
