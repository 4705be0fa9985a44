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
 * MQTT into the site model: openWB 1.9 or 2.x topics and the configured mappings. A message is decoded
 * and written to the in-memory model on the MQTT client's thread — no database, no lock shared with
 * station traffic — so thousands of messages a second cost OCPP nothing. A malformed or implausible
 * payload is counted per topic and logged (the first time and every 100th), and the model keeps the
 * last good value. openWB charge modes can be set back through openWB's set-topics.
 */
public class MqttBridge implements SiteSource, ChargeModeControl {

    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    static final String NAME = "mqtt";
    /** Most topics whose malformed payloads are counted one by one; the rest share one count. */
    private static final int MAX_TRACKED_TOPICS = 1000;

    private final SiteModel model;
    private final MqttConnection connection;
    private final List<TopicSet> sets = new ArrayList<>();
    private final int openwbVersion;
    private final Map<String, Counter> messages = new LinkedHashMap<>();
    private final Map<String, Counter> refused = new LinkedHashMap<>();
    private final Map<String, AtomicLong> malformed = new ConcurrentHashMap<>();
    private final Map<String, Integer> templates = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();

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
            connection.subscribe(set.filters());
        }
        connection.onMessage(this::accept);
    }

    void accept(String topic, String payload) {
        received.incrementAndGet();
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
