package org.ladewerk.simulator.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Where the station stands ({@code Geo} in ocpp-cs files). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"latitude", "longitude", "location"})
public record Geo(Double latitude, Double longitude, String location,
                  @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public Geo {
        other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
    }
}
