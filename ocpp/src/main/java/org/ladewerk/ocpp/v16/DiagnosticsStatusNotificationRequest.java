package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 DiagnosticsStatusNotification request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiagnosticsStatusNotificationRequest(
        String status) {
}
