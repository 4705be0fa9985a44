package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 StopTransaction response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StopTransactionResponse(
        IdTagInfo idTagInfo) {
}
