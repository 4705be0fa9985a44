package org.ladewerk.server.integration.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.MqttBroker;
import org.ladewerk.server.support.MqttTestClient;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/**
 * The whole server against a real broker, fed by a scripted openWB 1.9: its values reach the site
 * model with openWB's signs normalised, bad payloads are refused and counted while the bridge goes on,
 * charge modes go back through openWB's set-topic, Ladewerk's own topics and Home Assistant discovery
 * reach a subscriber, and after a broker restart the bridge reconnects, subscribes again and resumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenWb19BridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MqttBroker broker = new MqttBroker().start();
    private RunningServer server;
    private MqttTestClient openWb;
    private Api api;

    @BeforeAll
    void start() {
        server = RunningServer.start(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:openwb19;DB_CLOSE_DELAY=-1",
                "ladewerk.mqtt.url", broker.url(),
                "ladewerk.mqtt.openwb-version", 1,
                "ladewerk.mqtt.publish-prefix", "lwtest",
                "ladewerk.mqtt.max-backoff", "2s"));
        api = server.api();
        openWb = new MqttTestClient(broker);
        await().atMost(WAIT).until(() -> site().at("/sources").toString().contains("\"connected\":true"));
    }

    @AfterAll
    void stop() {
        openWb.close();
        server.close();
        broker.close();
    }

    private JsonNode site() {
        var r = api.get("/api/v1/site");
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode chargePoint(JsonNode site, String id) {
        for (JsonNode cp : site.get("chargePoints")) if (cp.get("id").asString().equals(id)) return cp;
        return null;
    }

    @Test
    @Order(1)
    void openWbValuesDriveTheSiteModelWithSignsNormalised() {
        openWb.publish("openWB/evu/W", "1200")              // importing
                .publish("openWB/pv/W", "-3000")            // openWB: generation is negative
                .publish("openWB/housebattery/W", "500")    // openWB: + is charging
                .publish("openWB/housebattery/%Soc", "55")
                .publish("openWB/global/WHouseConsumption", "1700")
                .publish("openWB/evu/WhImported", "123456")
                .publish("openWB/lp/1/W", "3700")
                .publish("openWB/lp/1/kWhCounter", "12.5")
                .publish("openWB/lp/1/boolPlugStat", "1")
                .publish("openWB/lp/1/boolChargeStat", "1")
                .publish("openWB/global/ChargeMode", "2");

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode site = site();
            assertThat(site.at("/grid/power/value").asDouble()).isEqualTo(1200);
            assertThat(site.at("/grid/importEnergy/value").asDouble()).isEqualTo(123456);
            assertThat(site.at("/pv/power/value").asDouble()).isEqualTo(3000);
            assertThat(site.at("/battery/power/value").asDouble()).isEqualTo(-500);
            assertThat(site.at("/battery/soc/value").asDouble()).isEqualTo(55);
            assertThat(site.at("/house/power/value").asDouble()).isEqualTo(1700);
            assertThat(site.at("/grid/power/stale").asBoolean()).isFalse();
            assertThat(site.at("/grid/power/source").asString()).isEqualTo("mqtt");
            JsonNode lp = chargePoint(site, "openwb-1");
            assertThat(lp).isNotNull();
            assertThat(lp.at("/power/value").asDouble()).isEqualTo(3700);
            assertThat(lp.at("/energy/value").asDouble()).isEqualTo(12500);
            assertThat(lp.at("/plugged/value").asBoolean()).isTrue();
            assertThat(lp.at("/charging/value").asBoolean()).isTrue();
            assertThat(lp.at("/chargeMode").asString()).isEqualTo("pv");
            assertThat(site.get("chargingPower").asDouble()).isEqualTo(3700);
        });

        // the openWB charge point is listed with the OCPP stations, read-only, with its live values
        try (var ocpp = server.station("OCPP-BESIDE-OPENWB")) {
            ocpp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            JsonNode list = api.get("/api/v1/stations").json();
            JsonNode lp = null;
            for (JsonNode s : list) {
                if (s.get("id").asString().equals("OCPP-BESIDE-OPENWB")) assertThat(s.get("source").asString()).isEqualTo("ocpp");
                if (s.get("id").asString().equals("openwb-1")) lp = s;
            }
            assertThat(lp).as("openwb-1 in " + list).isNotNull();
            assertThat(lp.get("source").asString()).isEqualTo("openwb");
            assertThat(lp.get("online").asBoolean()).isTrue();
            assertThat(lp.at("/connectors/0/status").asString()).isEqualTo("Charging");
            assertThat(lp.at("/external/readOnly").asBoolean()).isTrue();
            assertThat(lp.at("/external/powerW").asDouble()).isEqualTo(3700);
            assertThat(lp.at("/external/energyWh").asDouble()).isEqualTo(12500);
            assertThat(lp.at("/external/plugged").asBoolean()).isTrue();
            assertThat(lp.at("/external/chargeMode").asString()).isEqualTo("pv");
            assertThat(lp.at("/external/chargeModeSetPath").asString()).isEqualTo("/api/v1/site/charge-points/openwb-1/charge-mode");
            assertThat(api.get("/api/v1/stations/openwb-1").json().get("source").asString()).isEqualTo("openwb");
            assertThat(api.get("/api/v1/stations?q=openwb-").json()).extracting(s -> s.get("id").asString()).containsExactly("openwb-1");

            // commands and changes are refused before any OCPP code runs, pointing to the charge mode
            for (var refused : List.of(api.post("/api/v1/ChargePoint/openwb-1/Reset", "{\"type\":\"Soft\"}"),
                    api.put("/api/v1/stations/openwb-1", "{\"registrationStatus\":\"Accepted\"}"), api.delete("/api/v1/stations/openwb-1"),
                    api.put("/api/v1/stations/openwb-1/settings", "{\"HeartbeatInterval\":\"60\"}"))) {
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.json().get("message").asString()).contains("read-only", "/api/v1/site/charge-points/openwb-1/charge-mode");
            }
            assertThat(api.get("/api/v1/stations").json()).extracting(s -> s.get("id").asString()).contains("openwb-1");
        }
    }

    @Test
    @Order(2)
    void malformedPayloadsAreCountedAndTheBridgeGoesOn() {
        long dropped = mqttStatus().get("dropped").asLong();
        openWb.publish("openWB/evu/W", "NaN").publish("openWB/evu/W", "not a number").publish("openWB/evu/W", "")
                .publish("openWB/evu/W", "99999999") // 100 MW: absurd for a site
                .publish("openWB/housebattery/%Soc", "140");
        // a message still waiting when the next one of its topic comes is replaced (latest wins) and counted as dropped
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode mqtt = mqttStatus();
            assertThat(mqtt.at("/malformed/openWB~1evu~1W").asLong()).isBetween(1L, 4L);
            assertThat(mqtt.at("/malformed/openWB~1evu~1W").asLong() + mqtt.get("dropped").asLong() - dropped).isEqualTo(4);
            assertThat(mqtt.at("/malformed/openWB~1housebattery~1%Soc").asLong()).isEqualTo(1);
        });
        // one at a time, each is decoded and refused
        long before = mqttStatus().at("/malformed/openWB~1evu~1W").asLong();
        openWb.publish("openWB/evu/W", "NaN");
        await().atMost(WAIT).until(() -> mqttStatus().at("/malformed/openWB~1evu~1W").asLong() == before + 1);
        JsonNode site = site();
        assertThat(site.at("/grid/power/value").asDouble()).as("last good value kept").isEqualTo(1200);
        assertThat(site.at("/battery/soc/value").asDouble()).isEqualTo(55);

        openWb.publish("openWB/evu/W", "-800");
        await().atMost(WAIT).until(() -> site().at("/grid/power/value").asDouble() == -800);
    }

    private JsonNode mqttStatus() {
        for (JsonNode s : site().get("sources")) if (s.get("name").asString().equals("mqtt")) return s.get("status");
        throw new AssertionError("no mqtt source in " + site());
    }

    @Test
    @Order(3)
    void chargeModeIsSetThroughOpenWbsSetTopic() {
        try (var watcher = new MqttTestClient(broker).subscribe("openWB/set/#")) {
            var r = api.put("/api/v1/site/charge-points/openwb-1/charge-mode", "{\"mode\":\"stop\"}");
            assertThat(r.status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> "3".equals(watcher.received.get("openWB/set/ChargeMode")));
        }
        assertThat(api.put("/api/v1/site/charge-points/openwb-1/charge-mode", "{\"mode\":\"turbo\"}").status()).isEqualTo(400);
        assertThat(api.put("/api/v1/site/charge-points/no-such-point/charge-mode", "{\"mode\":\"stop\"}").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aSubscriberSeesLadewerksTopicsAndHomeAssistantDiscovery() {
        // the embedded broker may drop a brand-new client on a loaded machine; a subscriber that could not subscribe is replaced
        MqttTestClient connected = await().atMost(WAIT).ignoreExceptions()
                .until(() -> new MqttTestClient(broker).subscribe("lwtest/#").subscribe("homeassistant/#"), c -> c != null);
        try (var subscriber = connected) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(subscriber.received).containsEntry("lwtest/status", "online");
                assertThat(subscriber.received).containsEntry("lwtest/site/grid/power", "-800");
                assertThat(subscriber.received).containsEntry("lwtest/site/pv/power", "3000");
                assertThat(subscriber.received).containsEntry("lwtest/site/chargepoint/openwb-1/power", "3700");
                assertThat(subscriber.received.get("homeassistant/sensor/lwtest_grid_power/config"))
                        .contains("\"state_topic\":\"lwtest/site/grid/power\"", "\"device_class\":\"power\"",
                                "\"availability_topic\":\"lwtest/status\"");
            });
        }
    }

    @Test
    @Order(5)
    void afterABrokerRestartTheBridgeReconnectsAndResumes() {
        broker.stop();
        await().atMost(WAIT).until(() -> !mqttStatus().get("connected").asBoolean());
        long connections = mqttStatus().get("connections").asLong();
        broker.start();
        await().atMost(WAIT).until(() -> mqttStatus().get("connections").asLong() > connections);
        try (var openWbAgain = new MqttTestClient(broker)) {
            // the broker lost every subscription: values arrive only if the bridge subscribed again
            await().atMost(WAIT).until(() -> {
                openWbAgain.publish("openWB/evu/W", "2222");
                return site().at("/grid/power/value").asDouble() == 2222;
            });
        }
    }
}
