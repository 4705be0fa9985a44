package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 GetDiagnostics request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetDiagnosticsRequest(
        String location,
        Integer retries,
        Integer retryInterval,
        Instant startTime,
        Instant stopTime) {
}
