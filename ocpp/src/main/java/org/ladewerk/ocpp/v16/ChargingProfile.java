package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A charging profile, as sent in RemoteStartTransaction and SetChargingProfile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargingProfile(
        Integer chargingProfileId,
        Integer transactionId,
        Integer stackLevel,
        String chargingProfilePurpose,
        String chargingProfileKind,
        String recurrencyKind,
        Instant validFrom,
        Instant validTo,
        ChargingSchedule chargingSchedule) {
}
