package org.ladewerk.server.integration.mqtt;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ladewerk.mqtt.*}: the broker link, the openWB bridge, custom topic mappings and what Ladewerk publishes. */
@ConfigurationProperties("ladewerk.mqtt")
public record MqttProperties(
        /** tcp://host:1883 or ssl://host:8883; empty turns MQTT off. */
        @DefaultValue("") String url,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        /** Empty: ladewerk-<random>, so several nodes never take over each other's session. */
        @DefaultValue("") String clientId,
        /** 1 (openWB 1.9 topics), 2 (openWB 2.x topics) or 0 (only the mappings). */
        @DefaultValue("2") int openwbVersion,
        /** openWB 2.x: the id of the counter at the grid connection (openWB/counter/<id>/get/...). */
        @DefaultValue("0") int openwbGridCounter,
        /** Other topics: topic (exact), target site value, scale and sign. */
        @DefaultValue List<Mapping> mappings,
        /** Where Ladewerk publishes its own state; empty: publish nothing. */
        @DefaultValue("ladewerk") String publishPrefix,
        /** Home Assistant MQTT discovery prefix; empty: no discovery messages. */
        @DefaultValue("homeassistant") String discoveryPrefix,
        /** Longest wait between reconnect attempts (the wait doubles from 1 s). */
        @DefaultValue("60s") Duration maxBackoff) {

    public MqttProperties {
        if (openwbVersion < 0 || openwbVersion > 2) throw new IllegalArgumentException("ladewerk.mqtt.openwb-version must be 0, 1 or 2");
    }

    /** {@code value × scale × sign} goes to {@code target} (e.g. grid.power or chargepoint.garage.power). */
    public record Mapping(String topic, String target, @DefaultValue("1") double scale, @DefaultValue("1") int sign) {
        public Mapping {
            if (topic == null || topic.isBlank()) throw new IllegalArgumentException("ladewerk.mqtt.mappings: topic is missing");
            if (sign != 1 && sign != -1) throw new IllegalArgumentException("ladewerk.mqtt.mappings: sign of " + topic + " must be 1 or -1");
        }
    }

    public boolean enabled() {
        return !url.isBlank();
    }
}
