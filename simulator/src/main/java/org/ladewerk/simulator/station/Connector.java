package org.ladewerk.simulator.station;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.ladewerk.simulator.config.ConnectorConfig;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.smartcharging.Electrical;

/** One connector's physical and OCPP state. Only its station's tasks touch it. */
final class Connector {

    final int id;
    final ConnectorConfig config;
    final Electrical electrical;
    final double ratedW;

    double meterWh;
    Ev ev;
    Session session;
    /** The session ended but the EV is still plugged in. */
    boolean finishing;
    Reservation reservation;
    boolean inoperative;
    /** ChangeAvailability to Inoperative while a transaction runs: applied when it ends. */
    boolean inoperativeScheduled;
    String faultCode;
    double powerW;
    double offeredW;
    Instant lastUpdate;
    ConnectorStatus reported;
    ScheduledFuture<?> departure;
    ScheduledFuture<?> reservationExpiry;

    Connector(ConnectorConfig config) {
        this.id = config.id();
        this.config = config;
        this.electrical = config.dc() ? Electrical.direct() : Electrical.ac(3);
        this.ratedW = config.ratedPowerW();
        this.meterWh = config.meterValue() == null ? 0 : config.meterValue();
    }

    boolean charging() {
        return session != null && !session.stopped;
    }

    /** The status OCPP 1.6 prescribes for what the connector is doing now. */
    ConnectorStatus status() {
        if (faultCode != null) return ConnectorStatus.Faulted;
        if (charging()) {
            if (powerW > 0) return ConnectorStatus.Charging;
            return offeredW > 0 ? ConnectorStatus.SuspendedEV : ConnectorStatus.SuspendedEVSE;
        }
        if (finishing) return ConnectorStatus.Finishing;
        if (inoperative) return ConnectorStatus.Unavailable;
        if (ev != null) return ConnectorStatus.Preparing;
        if (reservation != null) return ConnectorStatus.Reserved;
        return ConnectorStatus.Available;
    }

    /** The electrical setup the plugged-in EV uses: its phases on AC. */
    Electrical supply() {
        if (electrical.dc() || ev == null) return electrical;
        return Electrical.ac(ev.model().acPhases());
    }

    ConnectorState state() {
        return new ConnectorState(id, status(), faultCode == null ? "NoError" : faultCode,
                session == null ? null : session.transactionId, session == null ? null : session.idTag,
                powerW, offeredW, Math.round(meterWh), ev == null ? null : Math.round(ev.socPercent() * 10) / 10.0,
                reservation == null ? null : reservation.reservationId());
    }
}
