package org.ladewerk.simulator.smartcharging;

import org.ladewerk.ocpp.v16.ChargingProfile;

/** A charging profile as installed on one connector (0 = the whole station). */
public record InstalledProfile(int connectorId, ChargingProfile profile) {

    public String purpose() {
        return profile.chargingProfilePurpose();
    }

    public int stackLevel() {
        return profile.stackLevel() == null ? 0 : profile.stackLevel();
    }

    public int id() {
        return profile.chargingProfileId();
    }
}
