package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** OCPP 1.6 Heartbeat response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatResponse(
        Instant currentTime) {
}
