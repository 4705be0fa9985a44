package org.ladewerk.server.support;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A plain MQTT client for tests: the scripted openWB publisher, and a subscriber that keeps the last payload per topic. */
public final class MqttTestClient implements AutoCloseable {

    private final Mqtt3BlockingClient client;
    public final Map<String, String> received = new ConcurrentHashMap<>();
    private boolean retain;

    public MqttTestClient(MqttBroker broker) {
        client = Mqtt3Client.builder().identifier("test-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
        client.connect();
        client.toAsync().publishes(MqttGlobalPublishFilter.SUBSCRIBED, p ->
                received.put(p.getTopic().toString(), p.getPayload().map(b -> StandardCharsets.UTF_8.decode(b).toString()).orElse("")));
    }

    public MqttTestClient publish(String topic, String payload) {
        client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).retain(retain).send();
        return this;
    }

    /** From now on publishes retained, as openWB keeps its state topics: a subscriber that (re)connects later gets them. */
    public MqttTestClient retained() {
        retain = true;
        return this;
    }

    /** QoS 0 without waiting for the broker: for floods. */
    public void publishFast(String topic, String payload) {
        client.toAsync().publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_MOST_ONCE).send();
    }

    public MqttTestClient subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return this;
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException e) {
            // the broker went away first
        }
    }
}
