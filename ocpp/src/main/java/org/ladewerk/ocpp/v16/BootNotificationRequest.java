package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OCPP 1.6 BootNotification request (charge point to central system). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootNotificationRequest(
        String chargePointVendor,
        String chargePointModel,
        String chargePointSerialNumber,
        String chargeBoxSerialNumber,
        String firmwareVersion,
        String iccid,
        String imsi,
        String meterType,
        String meterSerialNumber) {
}
