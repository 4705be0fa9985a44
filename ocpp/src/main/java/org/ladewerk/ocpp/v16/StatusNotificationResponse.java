package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 StatusNotification response; carries no fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusNotificationResponse() {
}
