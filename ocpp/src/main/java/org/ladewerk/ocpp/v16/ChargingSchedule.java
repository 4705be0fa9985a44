package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Limits over time; {@code chargingRateUnit} is A or W. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargingSchedule(
        Integer duration,
        Instant startSchedule,
        String chargingRateUnit,
        List<ChargingSchedulePeriod> chargingSchedulePeriod,
        Double minChargingRate) {
}
