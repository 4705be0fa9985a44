package org.ladewerk.server.site;

import java.util.List;

/**
 * Charge points whose charge mode Ladewerk can set through their own system (openWB's set-topics):
 * the API asks each control whether it owns a charge point.
 */
public interface ChargeModeControl {

    boolean controls(String chargePointId);

    /** The modes this control accepts, e.g. instant, pv, min_pv, stop, standby. */
    List<String> modes();

    /** Sends the request; the model shows the new mode once the charge point's system confirms it. */
    void setChargeMode(String chargePointId, String mode);
}
