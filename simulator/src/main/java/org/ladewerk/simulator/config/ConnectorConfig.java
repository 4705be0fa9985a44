package org.ladewerk.simulator.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code connectorId} in an ocpp-cs style configuration.json: the OCPP connector id,
 * {@code voltage} AC or DC, the plug {@code interface} (Type2, CCS2, CHAdeMO, ...) and the energy
 * register in Wh ({@code meterValue}), which the emulator keeps up to date. Fields this class does
 * not know (e.g. {@code power}, the connector's rating in W) are kept and written back as they were.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "voltage", "interface", "meterValue"})
public record ConnectorConfig(
        int id,
        String voltage,
        @JsonProperty("interface") String plug,
        Long meterValue,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public ConnectorConfig {
        other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
    }

    public boolean dc() {
        return "DC".equalsIgnoreCase(voltage);
    }

    /** The connector's rating in W: {@code power} when given, else 22 kW for AC and 50 kW for DC. */
    public double ratedPowerW() {
        JsonNode p = other.get("power");
        if (p != null && p.isNumber() && p.doubleValue() > 0) return p.doubleValue();
        return dc() ? 50_000 : 22_000;
    }

    public ConnectorConfig withMeterValue(long wh) {
        return new ConnectorConfig(id, voltage, plug, wh, other);
    }
}
