package org.ladewerk.simulator.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One entry of {@code configurationKey}: the OCPP 1.6 KeyValue as ocpp-cs stores it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "readonly", "value"})
public record ConfigKey(String key, boolean readonly, String value) {

    public ConfigKey withValue(String newValue) {
        return new ConfigKey(key, readonly, newValue);
    }
}
