package org.ladewerk.server.integration.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.site.SiteQuantity;

/**
 * Home Assistant MQTT discovery for the main site sensors: one retained config message each under
 * {@code <discovery-prefix>/sensor/<prefix>_<value>/config}, pointing at the topics the publisher
 * writes and at {@code <prefix>/status} for availability. Sent again on every connection.
 */
final class HomeAssistantDiscovery {

    private record Sensor(String id, String name, String stateTopic, String unit, String deviceClass, String stateClass) {}

    private final List<Sensor> sensors;
    private final String discoveryPrefix;
    private final String prefix;

    HomeAssistantDiscovery(String discoveryPrefix, String prefix) {
        this.discoveryPrefix = discoveryPrefix;
        this.prefix = prefix;
        this.sensors = List.of(
                site(SiteQuantity.GRID_POWER, "Grid power"),
                site(SiteQuantity.PV_POWER, "PV power"),
                site(SiteQuantity.BATTERY_POWER, "Battery power"),
                site(SiteQuantity.BATTERY_SOC, "Battery state of charge"),
                site(SiteQuantity.HOUSE_POWER, "House power"),
                new Sensor("charging_power", "Charging power", "site/charging/power", "W", "power", "measurement"),
                site(SiteQuantity.GRID_IMPORT_ENERGY, "Grid import"),
                site(SiteQuantity.GRID_EXPORT_ENERGY, "Grid export"),
                site(SiteQuantity.PV_ENERGY_TOTAL, "PV energy"));
    }

    private static Sensor site(SiteQuantity q, String name) {
        String deviceClass = switch (q.unit()) {
            case W -> "power";
            case WH -> "energy";
            case PERCENT -> "battery";
            default -> "temperature";
        };
        return new Sensor(q.group() + "_" + q.field().replaceAll("([A-Z])", "_$1").toLowerCase(), name,
                "site/" + q.group() + "/" + q.field(), q.unit().symbol(), deviceClass,
                q.unit() == org.ladewerk.server.site.Unit.WH ? "total_increasing" : "measurement");
    }

    void publish(MqttConnection connection) {
        for (Sensor s : sensors) {
            String uniqueId = MqttPublisher.topicSafe(prefix) + "_" + s.id();
            var config = new LinkedHashMap<String, Object>();
            config.put("name", s.name());
            config.put("unique_id", uniqueId);
            config.put("object_id", uniqueId);
            config.put("state_topic", prefix + "/" + s.stateTopic());
            config.put("unit_of_measurement", s.unit());
            config.put("device_class", s.deviceClass());
            config.put("state_class", s.stateClass());
            config.put("availability_topic", prefix + "/status");
            config.put("device", Map.of("identifiers", List.of(MqttPublisher.topicSafe(prefix) + "_site"), "name", "Ladewerk site",
                    "manufacturer", "Ladewerk"));
            connection.publish(discoveryPrefix + "/sensor/" + uniqueId + "/config", Json.mapper().writeValueAsString(config), true);
        }
    }
}
