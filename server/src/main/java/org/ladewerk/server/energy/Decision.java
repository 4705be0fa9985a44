package org.ladewerk.server.energy;

import java.time.Instant;

/**
 * The limit one round gave an EVSE and why, with what the next round needs to remember: whether pv
 * charging is on, since when its start or stop condition holds, the phases and since when, and a cap
 * learnt from a vehicle that draws less than allowed.
 *
 * @param limitA      A per phase the EVSE may draw (0: none)
 * @param limitSince  when the limit last changed (a vehicle is judged on its draw only once it settled)
 * @param pendingSince pv mode: since when the surplus is above (while off) or below (while on) the minimum
 * @param vehicleCapA a cap learnt from the vehicle's own draw; null when it takes what it is given
 */
public record Decision(EvseKey key, double limitA, int phases, Reason reason, String detail, boolean pvEnabled,
                       Instant pendingSince, Instant phasesSince, Instant limitSince, Double vehicleCapA, Instant at) {

    public double powerW(double voltage) {
        return limitA * voltage * phases;
    }
}
