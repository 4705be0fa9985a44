package org.ladewerk.simulator.station;

import java.time.Duration;
import java.util.List;

/**
 * What the emulated drivers and the site do on their own: how often EVs arrive, how long they
 * stay, which id tags they present, and optional faults. Also the fixed message intervals a load
 * run wants regardless of what the central system configures.
 *
 * @param sessionsPerHour    mean EV arrivals per station and hour (Poisson); 0: only on request
 * @param firstArrivalWithin the first arrival after boot comes within this time (null: like the others)
 * @param stayMin            shortest stay of an EV that is not full
 * @param stayMax            longest stay
 * @param leaveWhenFull      how long a driver leaves a full EV plugged in
 * @param idTags             tags the drivers present (one at random)
 * @param plugInAtBoot       every connector starts a session as soon as the station is accepted (load runs)
 * @param faultsPerHour      mean connector faults per station and hour; 0: none
 * @param heartbeatInterval  fixed heartbeat interval (null: as configured / told by the central system)
 * @param meterInterval      fixed meter sample interval (null: MeterValueSampleInterval)
 * @param closedLoop         skip a sample while the station still waits for answers (a load run's closed loop),
 *                           instead of queueing it like a charger does
 */
public record Behaviour(double sessionsPerHour, Duration firstArrivalWithin, Duration stayMin, Duration stayMax,
                        Duration leaveWhenFull, List<String> idTags, boolean plugInAtBoot, double faultsPerHour,
                        Duration heartbeatInterval, Duration meterInterval, boolean closedLoop) {

    public Behaviour {
        idTags = idTags == null || idTags.isEmpty() ? List.of("EMULATOR") : List.copyOf(idTags);
    }

    /** Stations that only do what they are told (tests, scripted use). */
    public static Behaviour manual() {
        return new Behaviour(0, null, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofMinutes(10), null,
                false, 0, null, null, false);
    }

    /** A public site: an EV every half hour or so, staying 20 minutes to 2 hours. */
    public static Behaviour site(List<String> idTags) {
        return new Behaviour(2, null, Duration.ofMinutes(20), Duration.ofHours(2), Duration.ofMinutes(15), idTags,
                false, 0, null, null, false);
    }

    public Behaviour withSessionsPerHour(double v) {
        return new Behaviour(v, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withFirstArrivalWithin(Duration v) {
        return new Behaviour(sessionsPerHour, v, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withStay(Duration min, Duration max) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, min, max, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withIdTags(List<String> v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, v, plugInAtBoot, faultsPerHour, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withPlugInAtBoot(boolean v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, v, faultsPerHour, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withFaultsPerHour(double v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, v, heartbeatInterval, meterInterval, closedLoop);
    }

    public Behaviour withHeartbeatInterval(Duration v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, v, meterInterval, closedLoop);
    }

    public Behaviour withClosedLoop(boolean v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, heartbeatInterval, meterInterval, v);
    }

    public Behaviour withMeterInterval(Duration v) {
        return new Behaviour(sessionsPerHour, firstArrivalWithin, stayMin, stayMax, leaveWhenFull, idTags, plugInAtBoot, faultsPerHour, heartbeatInterval, v, closedLoop);
    }
}
