package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 BootNotification response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootNotificationResponse(
        String status,
        Instant currentTime,
        Integer interval) {
}
