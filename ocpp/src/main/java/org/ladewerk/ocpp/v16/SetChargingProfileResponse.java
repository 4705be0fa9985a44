package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 SetChargingProfile response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetChargingProfileResponse(
        String status) {
}
