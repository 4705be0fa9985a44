package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 ReserveNow request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReserveNowRequest(
        Integer connectorId,
        Instant expiryDate,
        String idTag,
        String parentIdTag,
        Integer reservationId) {
}
