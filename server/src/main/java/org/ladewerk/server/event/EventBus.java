package org.ladewerk.server.event;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes every station event once. Two kinds of listener:
 * <ul>
 * <li>transactional listeners run inside the store unit that made the change, so what they write
 *     (a webhook outbox row) commits or rolls back with it;</li>
 * <li>live subscribers (UI feed) get events after commit through their own bounded queue and
 *     thread, so a slow subscriber drops its oldest events instead of stalling stations; a direct
 *     subscriber (the message log) hands them on itself, into its own bounded writer.</li>
 * </ul>
 */
@Component
public class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    /** Writes in the same database transaction as the event's change. Must be quick and touch only the database. */
    @FunctionalInterface
    public interface TransactionalListener {
        void onEvent(Tx tx, StationEvent event);
    }

    private final List<TransactionalListener> transactional = new CopyOnWriteArrayList<>();
    private final List<Subscription> live = new CopyOnWriteArrayList<>();
    private final List<Consumer<StationEvent>> direct = new CopyOnWriteArrayList<>();

    public void addTransactionalListener(TransactionalListener listener) {
        transactional.add(listener);
    }

    /** Publishes an event caused by work in {@code tx}: transactional listeners now, live subscribers after commit. */
    public void publish(Tx tx, StationEvent event) {
        for (TransactionalListener l : transactional) l.onEvent(tx, event);
        if (hasLiveSubscribers()) tx.afterCommit(() -> deliver(event));
    }

    /** Publishes an event that is not part of a store unit (e.g. an OCPP frame) to live subscribers. */
    public void publish(StationEvent event) {
        deliver(event);
    }

    /** True when someone listens live; lets publishers skip building events nobody reads. */
    public boolean hasLiveSubscribers() {
        return !live.isEmpty() || !direct.isEmpty();
    }

    /** True when someone takes OCPP frames (see {@link #deliver}); lets the transports skip building them. */
    public boolean wantsFrames() {
        return !direct.isEmpty() || hasViewers();
    }

    /**
     * OCPP frames go only to direct subscribers (the message log) and viewers: the server's own live
     * subscribers ignore them, and offering them two frames per message woke each of their threads
     * twice for nothing.
     */
    private void deliver(StationEvent event) {
        for (Consumer<StationEvent> d : direct) d.accept(event);
        boolean frame = event instanceof StationEvent.Frame;
        for (Subscription s : live) if (s.viewer || !frame) s.offer(event);
    }

    /**
     * A live subscriber without a queue of its own: it runs on the publisher's thread, so it must only
     * hand the event on without blocking (e.g. into a bounded writer). Returns what unsubscribes it.
     */
    public Runnable subscribeDirect(Consumer<StationEvent> consumer) {
        direct.add(consumer);
        return () -> direct.remove(consumer);
    }

    /** Subscribes with a queue of {@code capacity} events; close the subscription to stop. */
    public Subscription subscribe(String name, int capacity, Consumer<StationEvent> consumer) {
        return add(new Subscription(name, capacity, consumer, false));
    }

    /**
     * Subscribes someone who watches (a browser's event stream): events made only for viewers, such
     * as the site view rendered over every charge point, are built only while one is subscribed.
     */
    public Subscription subscribeViewer(String name, int capacity, Consumer<StationEvent> consumer) {
        return add(new Subscription(name, capacity, consumer, true));
    }

    /** True while a viewer is subscribed (see {@link #subscribeViewer}). */
    public boolean hasViewers() {
        for (Subscription s : live) if (s.viewer) return true;
        return false;
    }

    private Subscription add(Subscription subscription) {
        live.add(subscription);
        return subscription;
    }

    public final class Subscription implements AutoCloseable {
        private final String name;
        private final BlockingQueue<StationEvent> queue;
        private final Consumer<StationEvent> consumer;
        private final boolean viewer;
        private final AtomicLong dropped = new AtomicLong();
        private final Thread worker;
        private volatile boolean open = true;

        private Subscription(String name, int capacity, Consumer<StationEvent> consumer, boolean viewer) {
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.consumer = consumer;
            this.viewer = viewer;
            this.worker = Thread.ofVirtual().name("events-" + name).start(this::run);
        }

        private void offer(StationEvent event) {
            while (!queue.offer(event)) {
                if (queue.poll() != null && dropped.incrementAndGet() % 1000 == 1)
                    log.warn("event subscriber {} is too slow; {} events dropped so far", name, dropped.get());
            }
        }

        private void run() {
            while (open) {
                try {
                    consumer.accept(queue.take());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("event subscriber {} failed", name, e);
                }
            }
        }

        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            open = false;
            live.remove(this);
            worker.interrupt();
        }
    }
}
