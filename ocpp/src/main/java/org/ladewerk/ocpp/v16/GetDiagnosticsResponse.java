package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 GetDiagnostics response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetDiagnosticsResponse(
        String fileName) {
}
