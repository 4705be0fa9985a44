package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 StatusNotification request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusNotificationRequest(
        Integer connectorId,
        String errorCode,
        String info,
        String status,
        Instant timestamp,
        String vendorId,
        String vendorErrorCode) {
}
