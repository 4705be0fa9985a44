package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 DataTransfer request (either direction). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataTransferRequest(
        String vendorId,
        String messageId,
        String data) {
}
