package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** OCPP 1.6 GetConfiguration response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetConfigurationResponse(
        List<KeyValue> configurationKey,
        List<String> unknownKey) {
}
