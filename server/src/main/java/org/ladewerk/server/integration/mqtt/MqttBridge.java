package org.ladewerk.server.integration.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.server.site.ChargeModeControl;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT into the site model: openWB 1.9 or 2.x topics and the configured mappings. The MQTT client's
 * network thread only hands a message to a bounded latest-value-per-topic buffer ({@link LatestByTopic});
 * one worker thread decodes it and writes the in-memory model — no database, no lock shared with station
 * traffic — so a broker flood costs OCPP nothing, and what the worker cannot keep up with is replaced by
 * newer values or dropped, counted as {@code ladewerk.mqtt.dropped}. A malformed or implausible
 * payload is counted per topic and logged (the first time and every 100th), and the model keeps the
 * last good value. openWB charge modes can be set back through openWB's set-topics.
 */
public class MqttBridge implements SiteSource, ChargeModeControl {

    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    static final String NAME = "mqtt";
    /** Most topics whose malformed payloads are counted one by one; the rest share one count. */
    private static final int MAX_TRACKED_TOPICS = 1000;
    /** Topics and bytes waiting between the network thread and the worker. */
    private static final int MAX_WAITING_TOPICS = 10_000;
    private static final long MAX_WAITING_BYTES = 8L << 20;

    private final SiteModel model;
    private final MqttConnection connection;
    private final List<TopicSet> sets = new ArrayList<>();
    private final int openwbVersion;
    private final Map<String, Counter> messages = new LinkedHashMap<>();
    private final Map<String, Counter> refused = new LinkedHashMap<>();
    private final Map<String, AtomicLong> malformed = new ConcurrentHashMap<>();
    private final Map<String, Integer> templates = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final Map<String, Counter> dropped = new LinkedHashMap<>();
    private final LatestByTopic handoff = new LatestByTopic(MAX_WAITING_TOPICS, MAX_WAITING_BYTES);
    private final Thread worker;
    private volatile boolean running = true;

    public MqttBridge(MqttProperties properties, SiteModel model, MqttConnection connection, MeterRegistry metrics) {
        this.model = model;
        this.connection = connection;
        this.openwbVersion = properties.openwbVersion();
        if (openwbVersion == 1) sets.add(new OpenWb1Topics());
        if (openwbVersion == 2) sets.add(new OpenWb2Topics(properties.openwbGridCounter()));
        if (!properties.mappings().isEmpty()) sets.add(new MappedTopics(properties.mappings()));
        for (TopicSet set : sets) {
            messages.put(set.name(), Counter.builder("ladewerk.mqtt.messages").tag("topic_set", set.name())
                    .description("MQTT messages received, by topic set").register(metrics));
            refused.put(set.name(), Counter.builder("ladewerk.mqtt.malformed").tag("topic_set", set.name())
                    .description("MQTT payloads refused as malformed or implausible, by topic set").register(metrics));
            dropped.put(set.name(), Counter.builder("ladewerk.mqtt.dropped").tag("topic_set", set.name())
                    .description("MQTT messages not applied because a newer one replaced them or the hand-off was full").register(metrics));
            connection.subscribe(set.filters());
        }
        worker = Thread.ofPlatform().daemon().name("mqtt-bridge").start(this::work);
        connection.onMessage(this::handOff);
    }

    /** On the MQTT client's thread: never blocks. */
    void handOff(String topic, String payload) {
        received.incrementAndGet();
        if (handoff.offer(topic, payload) == LatestByTopic.Outcome.QUEUED) return;
        droppedTotal.incrementAndGet();
        Counter c = dropped.get(setOf(topic));
        if (c != null) c.increment();
    }

    /** The topic set a topic most likely belongs to, for the drop counter's tag (decoding is the worker's job). */
    private String setOf(String topic) {
        boolean openWb = topic.startsWith("openWB/");
        for (TopicSet set : sets) {
            boolean mapped = set instanceof MappedTopics;
            if (mapped != openWb) return set.name(); // openWB topics to the openWB set, the others to the mappings
        }
        return sets.isEmpty() ? "" : sets.getLast().name();
    }

    private void work() {
        while (running) {
            try {
                Map.Entry<String, String> m = handoff.take(1000);
                if (m != null) accept(m.getKey(), m.getValue());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                log.error("MQTT bridge: a message could not be applied; going on with the next", e); // never dies silently
            }
        }
    }

    /** Stops the worker (called by the container when the bean is destroyed). */
    public void close() {
        running = false;
        worker.interrupt();
    }

    void accept(String topic, String payload) {
        for (TopicSet set : sets) {
            List<TopicSet.Decoded> decoded;
            try {
                decoded = set.decode(topic, payload);
            } catch (IllegalArgumentException e) {
                messages.get(set.name()).increment();
                malformed(set, topic, e.getMessage());
                continue;
            }
            if (decoded.isEmpty()) continue;
            messages.get(set.name()).increment();
            for (TopicSet.Decoded d : decoded) apply(set, topic, d);
        }
    }

    private void apply(TopicSet set, String topic, TopicSet.Decoded d) {
        switch (d) {
            case TopicSet.Value v -> {
                if (!v.target().apply(model, v.value(), NAME)) malformed(set, topic, v.value() + " is out of range for " + v.target());
            }
            case TopicSet.ChargeMode m -> model.chargeMode(m.chargePoint(), m.mode(), NAME);
            case TopicSet.ChargeTemplate t -> templates.put(t.chargePoint(), t.template());
        }
    }

    private void malformed(TopicSet set, String topic, String why) {
        refused.get(set.name()).increment();
        String key = malformed.size() < MAX_TRACKED_TOPICS || malformed.containsKey(topic) ? topic : "(other topics)";
        long n = malformed.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (n == 1 || n % 100 == 0) log.warn("MQTT {}: payload refused ({}); {} refused on this topic so far", topic, why, n);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> status() {
        var malformedByTopic = new LinkedHashMap<String, Long>();
        malformed.forEach((t, n) -> malformedByTopic.put(t, n.get()));
        var out = new LinkedHashMap<String, Object>();
        out.put("connected", connection.connected());
        out.put("connections", connection.connects());
        out.put("openwbVersion", openwbVersion);
        out.put("messages", received.get());
        out.put("dropped", droppedTotal.get());
        out.put("waiting", handoff.waiting());
        out.put("malformed", malformedByTopic);
        return out;
    }

    @Override
    public boolean controls(String chargePointId) {
        return openwbVersion > 0 && chargePointId.startsWith("openwb-");
    }

    @Override
    public List<String> modes() {
        return openwbVersion == 1 ? OpenWb1Topics.MODES : OpenWb2Topics.MODES;
    }

    @Override
    public void setChargeMode(String chargePointId, String mode) {
        String topic;
        String payload;
        if (openwbVersion == 1) {
            topic = OpenWb1Topics.SET_CHARGE_MODE;
            payload = OpenWb1Topics.setChargeModePayload(mode);
        } else {
            Integer template = templates.get(chargePointId);
            if (template == null)
                throw new IllegalStateException("openWB has not said which charge template " + chargePointId + " uses (get/connected_vehicle/config)");
            topic = OpenWb2Topics.setChargeModeTopic(template);
            payload = OpenWb2Topics.setChargeModePayload(mode);
        }
        connection.publishReliably(topic, payload).join();
    }
}
