package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 UpdateFirmware request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateFirmwareRequest(
        String location,
        Integer retries,
        Instant retrieveDate,
        Integer retryInterval) {
}
