package org.ladewerk.server.integration.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one broker link of this node, shared by the bridge and the publisher. The HiveMQ client runs on
 * its own Netty threads and never blocks a caller: it connects in the background, reconnects with
 * doubling waits (1 s up to {@code max-backoff}) and subscribes again when the broker lost the session,
 * so a broker restart costs only the messages published while it was down. The will message marks
 * {@code <prefix>/status} offline when this node disappears without saying so.
 */
public class MqttConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    private final Mqtt3AsyncClient client;
    private final String url;
    private Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> connect;
    private final String statusTopic;
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean subscribed;
    private volatile boolean closed;

    public MqttConnection(MqttProperties p) {
        URI uri = URI.create(p.url());
        boolean tls = switch (uri.getScheme() == null ? "" : uri.getScheme()) {
            case "tcp", "mqtt" -> false;
            case "ssl", "tls", "mqtts" -> true;
            default -> throw new IllegalArgumentException("ladewerk.mqtt.url must be tcp://host:port or ssl://host:port, not " + p.url());
        };
        if (uri.getHost() == null) throw new IllegalArgumentException("ladewerk.mqtt.url has no host: " + p.url());
        String prefix = p.publishPrefix();
        this.statusTopic = prefix.isBlank() ? null : prefix + "/status";
        var builder = Mqtt3Client.builder()
                .identifier(p.clientId().isBlank() ? "ladewerk-" + UUID.randomUUID().toString().substring(0, 8) : p.clientId())
                .serverHost(uri.getHost())
                .serverPort(uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883)
                .automaticReconnect().initialDelay(1, TimeUnit.SECONDS).maxDelay(p.maxBackoff().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(c -> onConnect())
                .addDisconnectedListener(c -> {
                    if (closed) c.getReconnector().reconnect(false); // shut down while the broker was away
                    else log.info("MQTT broker {} not connected ({}); retrying with backoff", p.url(), c.getCause().getMessage());
                });
        if (tls) builder = builder.sslWithDefaultConfig();
        this.client = builder.buildAsync();
        this.url = p.url();
        this.connect = client.connectWith().cleanSession(true).keepAlive(30);
        if (!p.username().isBlank())
            connect = connect.simpleAuth().username(p.username()).password(p.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        if (statusTopic != null)
            connect = connect.willPublish().topic(statusTopic).payload(bytes("offline")).qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
    }

    /** Every message on a subscribed topic goes to {@code handler(topic, payload)} on a client thread: keep it quick. */
    public void onMessage(BiConsumer<String, String> handler) {
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish ->
                handler.accept(publish.getTopic().toString(), StandardCharsets.UTF_8.decode(publish.getPayload().orElse(ByteBuffer.allocate(0))).toString()));
    }

    /** Subscribes at the first connection; the client restores subscriptions after reconnects. Call before {@link #start}. */
    public void subscribe(List<String> topicFilters) {
        filters.addAll(topicFilters);
    }

    /** Runs on every (re)connection, e.g. to publish retained state again. */
    public void onConnected(Runnable action) {
        onConnected.add(action);
    }

    public void start() {
        connect.send().whenComplete((ack, e) -> {
            if (e != null) log.warn("MQTT broker {} not reachable yet ({}); retrying with backoff", url, e.getMessage());
        });
    }

    private void onConnect() {
        connects.incrementAndGet();
        log.info("MQTT connected to {}", url);
        if (statusTopic != null) publish(statusTopic, "online", true);
        if (!subscribed && !filters.isEmpty()) {
            subscribed = true;
            var subscriptions = filters.stream()
                    .map(f -> Mqtt3Subscription.builder().topicFilter(f).qos(MqttQos.AT_MOST_ONCE).build()).toList();
            client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subscriptions).build()).whenComplete((ack, e) -> {
                if (e != null) {
                    subscribed = false;
                    log.warn("MQTT subscribe failed; trying again at the next connection", e);
                }
            });
        }
        for (Runnable r : onConnected) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("MQTT on-connect action failed", e);
            }
        }
    }

    /** Fire and forget (QoS 0 for live values that the next update replaces, QoS 1 when retained). */
    public void publish(String topic, String payload, boolean retain) {
        if (!connected()) return;
        client.publishWith().topic(topic).payload(bytes(payload)).retain(retain)
                .qos(retain ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE).send();
    }

    /** A publish that must arrive (a charge mode request): QoS 1, failing when not connected. */
    public CompletableFuture<?> publishReliably(String topic, String payload) {
        if (!connected()) return CompletableFuture.failedFuture(new IllegalStateException("MQTT broker not connected"));
        return client.publishWith().topic(topic).payload(bytes(payload)).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    public long connects() {
        return connects.get();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        if (statusTopic != null && connected()) {
            client.publishWith().topic(statusTopic).payload(bytes("offline")).qos(MqttQos.AT_LEAST_ONCE).retain(true).send()
                    .orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        client.disconnect().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
