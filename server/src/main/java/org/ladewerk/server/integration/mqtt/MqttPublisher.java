package org.ladewerk.server.integration.mqtt;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.site.ChargePointField;
import org.ladewerk.server.site.MeterReadings;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.site.SiteView;
import org.ladewerk.server.site.Ticker;
import org.ladewerk.server.transaction.MeterSample;

/**
 * Ladewerk's own state over MQTT under {@code <prefix>/}, for Home Assistant, openHAB or Node-RED:
 * site values once a second when they changed ({@code site/grid/power}, ...), and each station's
 * online state and each EVSE's status, power, energy and session from the event bus. State topics are
 * retained so a subscriber that arrives later sees the current state at once; everything is re-sent
 * after a reconnect. Publishing is asynchronous and never waits for the broker.
 */
public class MqttPublisher implements AutoCloseable {

    private final MqttConnection connection;
    private final SiteModel model;
    private final String prefix;
    private final Map<String, String> lastSite = new ConcurrentHashMap<>();
    /** The latest retained station state, re-sent after a reconnect (the broker may have lost it). */
    private final Map<String, String> stationState = new ConcurrentHashMap<>();
    /** Open transactions' EVSE, so a stop (which names only the transaction) reaches the right topic. */
    private final Map<Long, String> sessions = new ConcurrentHashMap<>();
    private final EventBus.Subscription subscription;
    private final Ticker ticker;

    public MqttPublisher(MqttProperties properties, MqttConnection connection, SiteModel model, EventBus events) {
        this.connection = connection;
        this.model = model;
        this.prefix = properties.publishPrefix();
        connection.onConnected(this::republish);
        this.subscription = events.subscribe("mqtt-publisher", 10_000, this::station);
        this.ticker = Ticker.every("mqtt-site-publisher", Duration.ofSeconds(1), Duration.ofSeconds(1), this::site);
    }

    private void republish() {
        lastSite.clear();
        stationState.forEach((t, p) -> connection.publish(t, p, true));
    }

    /** Changed site values; a value that turned stale is published as empty, so nobody takes it as live. */
    void site() {
        if (!connection.connected()) return;
        SiteView view = model.view();
        var now = new LinkedHashMap<String, String>();
        for (SiteQuantity q : SiteQuantity.values()) now.put("site/" + q.group() + "/" + q.field(), number(view.fresh(q)));
        now.put("site/charging/power", number(view.chargingPower()));
        for (SiteView.ChargePointView cp : view.chargePoints()) {
            for (ChargePointField f : ChargePointField.values())
                now.put("site/chargepoint/" + topicSafe(cp.id()) + "/" + f.key(), number(cp.fresh(f)));
            if (cp.chargeMode() != null) now.put("site/chargepoint/" + topicSafe(cp.id()) + "/chargeMode", cp.chargeMode());
        }
        now.forEach((topic, payload) -> {
            if (!payload.equals(lastSite.put(topic, payload))) connection.publish(prefix + "/" + topic, payload, true);
        });
    }

    private static String number(Double v) {
        if (v == null) return "";
        return v == Math.rint(v) ? Long.toString(v.longValue()) : Double.toString(v);
    }

    void station(StationEvent event) {
        String station = prefix + "/station/" + topicSafe(event.stationId() == null ? "" : event.stationId());
        switch (event) {
            case StationEvent.Connected c -> retain(station + "/status", "online");
            case StationEvent.Disconnected d -> retain(station + "/status", "offline");
            case StationEvent.StatusChanged s -> retain(station + "/evse/" + s.evseId() + "/status", s.status());
            case StationEvent.TransactionStarted t -> {
                String evse = station + "/evse/" + t.evseId();
                sessions.put(t.transactionId(), evse);
                retain(evse + "/session", json(Map.of("state", "active", "transactionId", t.transactionId(),
                        "idTag", t.idTag() == null ? "" : t.idTag(), "startedAt", t.at().toString())));
            }
            case StationEvent.TransactionStopped t -> {
                String evse = sessions.remove(t.transactionId());
                if (evse != null) {
                    var body = new LinkedHashMap<String, Object>(Map.of("state", "ended", "transactionId", t.transactionId(),
                            "stoppedAt", t.at().toString()));
                    if (t.energyWh() != null) body.put("energyWh", t.energyWh());
                    retain(evse + "/session", json(body));
                }
            }
            case StationEvent.MeterSampled m when m.evseId() > 0 -> meter(station + "/evse/" + m.evseId(), m);
            default -> { }
        }
    }

    private void meter(String evse, StationEvent.MeterSampled m) {
        Double power = MeterReadings.total(m.samples(), "Power.Active.Import");
        if (power != null) retain(evse + "/power", number(power));
        Double energy = MeterReadings.total(m.samples(), MeterSample.ENERGY_REGISTER);
        if (energy != null) retain(evse + "/energy", number(energy));
    }

    private void retain(String topic, String payload) {
        stationState.put(topic, payload);
        connection.publish(topic, payload, true);
    }

    private static String json(Map<String, ?> body) {
        return Json.mapper().writeValueAsString(body);
    }

    /** MQTT topic levels must not contain the wildcards or the separator. */
    static String topicSafe(String id) {
        return id.replaceAll("[/+#]", "_");
    }

    @Override
    public void close() {
        ticker.close();
        subscription.close();
    }
}
