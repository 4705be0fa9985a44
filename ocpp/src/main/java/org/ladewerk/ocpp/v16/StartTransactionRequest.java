package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 StartTransaction request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartTransactionRequest(
        Integer connectorId,
        String idTag,
        Long meterStart,
        Integer reservationId,
        Instant timestamp) {
}
