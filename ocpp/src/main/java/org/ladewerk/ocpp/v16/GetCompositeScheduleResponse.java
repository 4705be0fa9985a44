package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 GetCompositeSchedule response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetCompositeScheduleResponse(
        String status,
        Integer connectorId,
        Instant scheduleStart,
        ChargingSchedule chargingSchedule) {
}
