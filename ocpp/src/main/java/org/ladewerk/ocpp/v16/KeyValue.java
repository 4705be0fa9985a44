package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A configuration key in a GetConfiguration response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyValue(
        String key,
        Boolean readonly,
        String value) {
}
