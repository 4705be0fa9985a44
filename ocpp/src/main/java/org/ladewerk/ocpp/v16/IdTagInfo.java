package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Authorization status of an idTag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdTagInfo(
        Instant expiryDate,
        String parentIdTag,
        String status) {
}
