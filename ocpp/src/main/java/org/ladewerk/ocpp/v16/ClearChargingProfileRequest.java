package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 ClearChargingProfile request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClearChargingProfileRequest(
        Integer id,
        Integer connectorId,
        String chargingProfilePurpose,
        Integer stackLevel) {
}
