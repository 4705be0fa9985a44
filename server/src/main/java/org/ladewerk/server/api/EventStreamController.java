package org.ladewerk.server.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live station events for the web UI and anyone else, as Server-Sent Events. Each open stream is its
 * own bounded event-bus subscription, closed when the client goes (a failed write or heartbeat) or the
 * stream times out; browsers reconnect by themselves, and a reconnect checks the credentials again.
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
public class EventStreamController implements SmartLifecycle {

    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    private static final Duration RECONNECT = Duration.ofSeconds(3);
    private static final int QUEUE = 1000;

    private final EventBus events;
    private final AtomicLong streamIds = new AtomicLong();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public EventStreamController(EventBus events, MeterRegistry metrics) {
        this.events = events;
        Gauge.builder("ladewerk.event.streams", streams, Set::size).description("Open live event streams").register(metrics);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live station events (Server-Sent Events); frames=true adds every OCPP frame in and out",
            description = "Each event is named by its type (station.connected, connector.status, transaction.started, "
                    + "meter.sampled, ocpp.frame, site.updated, ...) and its data is {\"type\", \"stationId\", \"at\", ...the event's fields}.")
    public SseEmitter stream(@RequestParam(required = false) String stationId,
                             @RequestParam(defaultValue = "false") boolean frames) {
        var stream = new Stream(new SseEmitter(STREAM_LIFETIME.toMillis()), stationId, frames);
        streams.add(stream);
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(e -> stream.close());
        // sent at once so the client knows it is connected before the first event
        stream.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("connected"));
        stream.attach(events.subscribeViewer("sse-" + streamIds.incrementAndGet(), QUEUE, stream::deliver));
        if (!running) stream.close();
        return stream.emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server shuts down gracefully: an open stream is a request in
     * progress, and one whose client has gone unnoticed (nothing written since) would otherwise hold
     * graceful shutdown for its whole timeout. Browsers reconnect to the next server by themselves.
     */
    @Override
    public void stop() {
        running = false;
        List.copyOf(streams).forEach(Stream::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (SmartLifecycle.DEFAULT_PHASE - 2048). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** Keeps idle streams open through proxies and finds clients that have gone away. */
    @Scheduled(fixedRate = 20_000)
    void heartbeat() {
        for (Stream s : streams) s.send(SseEmitter.event().comment("keep-alive"));
    }

    /** {"type", "stationId", "at", ...the event's own fields}: the shape webhooks receive too. */
    private static String json(StationEvent event) {
        ObjectNode body = Json.mapper().createObjectNode().put("type", event.type());
        body.setAll((ObjectNode) Json.mapper().valueToTree(event));
        return body.toString();
    }

    private final class Stream {
        final SseEmitter emitter;
        final String stationId;
        final boolean frames;
        private EventBus.Subscription subscription;
        private boolean closed;

        Stream(SseEmitter emitter, String stationId, boolean frames) {
            this.emitter = emitter;
            this.stationId = stationId;
            this.frames = frames;
        }

        void deliver(StationEvent event) {
            if (stationId != null && !stationId.equals(event.stationId())) return;
            if (!frames && event instanceof StationEvent.Frame) return;
            send(SseEmitter.event().name(event.type()).data(json(event), MediaType.APPLICATION_JSON));
        }

        void send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                // the client went away or the stream already ended
                close();
            }
        }

        synchronized void attach(EventBus.Subscription s) {
            if (closed) s.close();
            else subscription = s;
        }

        synchronized void close() {
            if (closed) return;
            closed = true;
            streams.remove(this);
            if (subscription != null) subscription.close();
            emitter.complete();
        }
    }
}
