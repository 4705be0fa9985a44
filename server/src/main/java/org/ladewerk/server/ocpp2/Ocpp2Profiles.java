package org.ladewerk.server.ocpp2;

import static org.ladewerk.server.ocpp2.Ocpp2Json.instant;
import static org.ladewerk.server.ocpp2.Ocpp2Json.text;

import org.ladewerk.server.smartcharging.ChargingProfileService.ChargingProfile;
import tools.jackson.databind.JsonNode;

/** OCPP 2.x charging profiles as the domain keeps them. */
final class Ocpp2Profiles {
    private Ocpp2Profiles() {}

    static ChargingProfile profile(String stationId, int evseId, JsonNode p) {
        // 2.x transaction ids are the station's strings; the domain keeps the profile JSON with it verbatim
        return new ChargingProfile(stationId, p.get("id").asInt(), evseId, p.get("stackLevel").asInt(),
                text(p, "chargingProfilePurpose"), text(p, "chargingProfileKind"), null, instant(p, "validFrom"),
                instant(p, "validTo"), p.toString(), null);
    }
}
