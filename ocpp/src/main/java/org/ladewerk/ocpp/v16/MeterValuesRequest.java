package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** OCPP 1.6 MeterValues request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeterValuesRequest(
        Integer connectorId,
        Integer transactionId,
        List<MeterValue> meterValue) {
}
