package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One measured value; {@code value} is a string on the wire, even for numbers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SampledValue(
        String value,
        String context,
        String format,
        String measurand,
        String phase,
        String location,
        String unit) {
}
