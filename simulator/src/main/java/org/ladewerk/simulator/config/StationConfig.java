package org.ladewerk.simulator.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A station's {@code configuration.json} in the layout apostoldevel/ocpp-cs uses: connectors,
 * OCPP configuration keys and an optional location. Unknown top-level fields are kept, so a file
 * written for ocpp-cs is written back with nothing lost.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"connectorId", "configurationKey", "Geo"})
public record StationConfig(
        List<ConnectorConfig> connectorId,
        List<ConfigKey> configurationKey,
        @JsonProperty("Geo") Geo geo,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public StationConfig {
        connectorId = connectorId == null ? List.of() : List.copyOf(connectorId);
        configurationKey = configurationKey == null ? List.of() : List.copyOf(configurationKey);
        other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
    }

    /** A fresh station: {@code connectors} AC connectors of 22 kW and the keys a new ocpp-cs station has. */
    public static StationConfig create(String identity, String centralSystemUrl, int connectors, String vendor, String model) {
        var list = new ArrayList<ConnectorConfig>();
        for (int i = 1; i <= connectors; i++) list.add(new ConnectorConfig(i, "AC", "Type2", 0L, null));
        String serial = identity.replaceAll("[^A-Za-z0-9]", "");
        var keys = List.of(
                new ConfigKey(Keys.CENTRAL_SYSTEM_URL, false, centralSystemUrl),
                new ConfigKey(Keys.CONNECTION_TIME_OUT, false, "60"),
                new ConfigKey(Keys.HEARTBEAT_INTERVAL, false, "300"),
                new ConfigKey(Keys.METER_VALUE_SAMPLE_INTERVAL, false, "60"),
                new ConfigKey(Keys.CHARGE_POINT_VENDOR, true, vendor),
                new ConfigKey(Keys.CHARGE_POINT_MODEL, true, model),
                new ConfigKey(Keys.CHARGE_POINT_SERIAL_NUMBER, true, serial.length() > 25 ? serial.substring(0, 25) : serial),
                new ConfigKey(Keys.POWERMETER_SERIAL_NUMBER, true, "PM" + Integer.toHexString(identity.hashCode())),
                new ConfigKey(Keys.CHARGE_POINT_SOFTWARE_VERSION, true, "1.0.0"),
                new ConfigKey(Keys.STATION_IDENTITY, false, identity),
                new ConfigKey(Keys.AUTHORIZATION_CACHE_ENABLED, false, "true"),
                new ConfigKey(Keys.AUTHORIZE_REMOTE_TX_REQUESTS, false, "true"),
                new ConfigKey(Keys.RESERVE_CONNECTOR_ZERO_SUPPORTED, true, "false"));
        return new StationConfig(list, keys, null, null);
    }

    public StationConfig withKeys(List<ConfigKey> keys) {
        return new StationConfig(connectorId, keys, geo, other);
    }

    public StationConfig withConnectors(List<ConnectorConfig> connectors) {
        return new StationConfig(connectors, configurationKey, geo, other);
    }
}
