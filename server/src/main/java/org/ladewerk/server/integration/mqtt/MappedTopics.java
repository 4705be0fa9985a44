package org.ladewerk.server.integration.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ladewerk.server.site.SiteTarget;

/** The configured {@code ladewerk.mqtt.mappings}: any topic to any site value, with scale and sign. */
final class MappedTopics implements TopicSet {

    private record Target(SiteTarget target, double factor) {}

    private final Map<String, Target> byTopic = new LinkedHashMap<>();

    MappedTopics(List<MqttProperties.Mapping> mappings) {
        for (var m : mappings) byTopic.put(m.topic(), new Target(SiteTarget.parse(m.target()), m.scale() * m.sign()));
    }

    @Override
    public String name() {
        return "custom";
    }

    @Override
    public List<String> filters() {
        return List.copyOf(byTopic.keySet());
    }

    @Override
    public List<Decoded> decode(String topic, String payload) {
        Target t = byTopic.get(topic);
        return t == null ? List.of() : List.of(new Value(t.target(), Payloads.number(payload) * t.factor()));
    }
}
