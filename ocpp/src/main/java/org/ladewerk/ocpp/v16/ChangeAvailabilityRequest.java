package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 ChangeAvailability request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeAvailabilityRequest(
        Integer connectorId,
        String type) {
}
