package org.ladewerk.server.integration.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.MqttBroker;
import org.ladewerk.server.support.MqttTestClient;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/**
 * openWB 2.x topics and a custom mapping, with the server started before the broker exists: the
 * bridge keeps trying, connects when the broker appears, and a scripted openWB 2.x publisher then
 * drives the model (JSON payloads, the grid counter by id, house load derived from the others).
 */
class OpenWb2BridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void openWb2TopicsAndAMappingDriveTheSiteModel() {
        var broker = new MqttBroker();
        try (var server = RunningServer.start(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:openwb2;DB_CLOSE_DELAY=-1",
                "ladewerk.mqtt.url", broker.url(),
                "ladewerk.mqtt.openwb-version", 2,
                "ladewerk.mqtt.openwb-grid-counter", 3,
                "ladewerk.mqtt.max-backoff", "1s",
                "ladewerk.mqtt.mappings[0].topic", "heatpump/power_kw",
                "ladewerk.mqtt.mappings[0].target", "smartLoad.power",
                "ladewerk.mqtt.mappings[0].scale", 1000));
             broker) {
            Api api = server.api();
            assertThat(mqtt(api).get("connected").asBoolean()).as("no broker yet, server up").isFalse();
            broker.start();
            await().atMost(WAIT).until(() -> mqtt(api).get("connected").asBoolean());

            // retained like openWB's own topics: the bridge may reconnect once right after the broker comes up
            try (var openWb = new MqttTestClient(broker).retained()) {
                openWb.publish("openWB/counter/3/get/power", "500.5")
                        .publish("openWB/counter/0/get/power", "-9999") // another counter: not the grid
                        .publish("openWB/counter/3/get/imported", "4567000")
                        .publish("openWB/pv/get/power", "-4000")       // generation is negative in openWB
                        .publish("openWB/pv/get/daily_exported", "12000")
                        .publish("openWB/bat/get/power", "1000")       // + is charging in openWB
                        .publish("openWB/bat/get/soc", "80")
                        .publish("openWB/chargepoint/2/get/power", "1500")
                        .publish("openWB/chargepoint/2/get/imported", "4200")
                        .publish("openWB/chargepoint/2/get/plug_state", "true")
                        .publish("openWB/chargepoint/2/get/charge_state", "false")
                        .publish("openWB/chargepoint/2/get/connected_vehicle/config",
                                "{\"charge_template\": 4, \"chargemode\": \"pv_charging\", \"ev\": 1}")
                        .publish("heatpump/power_kw", "1.25");

                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode site = api.get("/api/v1/site").json();
                    assertThat(site.at("/grid/power/value").asDouble()).isEqualTo(500.5);
                    assertThat(site.at("/grid/importEnergy/value").asDouble()).isEqualTo(4567000);
                    assertThat(site.at("/pv/power/value").asDouble()).isEqualTo(4000);
                    assertThat(site.at("/pv/energyDay/value").asDouble()).isEqualTo(12000);
                    assertThat(site.at("/battery/power/value").asDouble()).isEqualTo(-1000);
                    assertThat(site.at("/battery/soc/value").asDouble()).isEqualTo(80);
                    assertThat(site.at("/smartLoad/power/value").asDouble()).isEqualTo(1250);
                    JsonNode cp = site.get("chargePoints").get(0);
                    assertThat(cp.get("id").asString()).isEqualTo("openwb-2");
                    assertThat(cp.at("/power/value").asDouble()).isEqualTo(1500);
                    assertThat(cp.at("/energy/value").asDouble()).isEqualTo(4200);
                    assertThat(cp.at("/plugged/value").asBoolean()).isTrue();
                    assertThat(cp.at("/charging/value").asBoolean()).isFalse();
                    assertThat(cp.get("chargeMode").asString()).isEqualTo("pv");
                    // no house topic: grid + PV + battery − charging = 500.5 + 4000 − 1000 − 1500
                    assertThat(site.at("/house/power/value").asDouble()).isEqualTo(2000.5);
                    assertThat(site.at("/house/power/source").asString()).isEqualTo("derived");
                });

                try (var watcher = new MqttTestClient(broker).subscribe("openWB/set/#")) {
                    assertThat(api.put("/api/v1/site/charge-points/openwb-2/charge-mode", "{\"mode\":\"instant\"}").status()).isEqualTo(202);
                    await().atMost(WAIT).until(() -> "\"instant_charging\"".equals(
                            watcher.received.get("openWB/set/vehicle/template/charge_template/4/chargemode/selected")));
                }
                assertThat(api.put("/api/v1/site/charge-points/openwb-9/charge-mode", "{\"mode\":\"pv\"}").status())
                        .as("no charge template known yet").isEqualTo(409);
            }
        }
    }

    private static JsonNode mqtt(Api api) {
        for (JsonNode s : api.get("/api/v1/site").json().get("sources")) if (s.get("name").asString().equals("mqtt")) return s.get("status");
        throw new AssertionError("no mqtt source");
    }
}
