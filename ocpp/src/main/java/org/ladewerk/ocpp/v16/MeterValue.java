package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Samples taken at one point in time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeterValue(
        Instant timestamp,
        List<SampledValue> sampledValue) {
}
