package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** OCPP 1.6 StopTransaction request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StopTransactionRequest(
        String idTag,
        Long meterStop,
        Instant timestamp,
        Integer transactionId,
        String reason,
        List<MeterValue> transactionData) {
}
