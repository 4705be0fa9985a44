package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A limit from {@code startPeriod} seconds after the schedule start. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargingSchedulePeriod(
        Integer startPeriod,
        Double limit,
        Integer numberPhases) {
}
