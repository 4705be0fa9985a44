package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 ChangeConfiguration request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeConfigurationRequest(
        String key,
        String value) {
}
