package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 RemoteStopTransaction response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteStopTransactionResponse(
        String status) {
}
