package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An entry of the local authorization list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizationData(
        String idTag,
        IdTagInfo idTagInfo) {
}
