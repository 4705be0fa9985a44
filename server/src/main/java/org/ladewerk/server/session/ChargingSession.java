package org.ladewerk.server.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One plug-in to the matching unplug on one EVSE, with the transaction that ran in it (if one did).
 * Energy is never negative: a stop reading below the start gives no energy. {@code emm} is the state of
 * its push to the energy-management application (null when the EMM link is off). {@code appliedPreset} is the
 * driver's charging preset applied to its transaction, as JSON (null when none was).
 */
public record ChargingSession(long id, String stationId, int evseId, int connectorId, Instant pluggedInAt,
                              Instant chargingStartedAt, Instant chargingEndedAt, Instant unpluggedAt, String idTag,
                              Long transactionId, Long meterStartWh, Long meterStopWh, Long energyWh, Double maxPowerW,
                              Long idleMinutes, String stopReason, boolean open, EmmDelivery emm,
                              @JsonRawValue String appliedPreset) {

    /** pending (waiting or being retried), delivered, or failed (given up; can be re-sent). */
    public record EmmDelivery(String state, int attempts, String lastError, Instant deliveredAt) {}
}
