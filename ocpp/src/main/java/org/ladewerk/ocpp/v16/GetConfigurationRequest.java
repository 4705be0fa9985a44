package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** OCPP 1.6 GetConfiguration request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetConfigurationRequest(
        List<String> key) {
}
