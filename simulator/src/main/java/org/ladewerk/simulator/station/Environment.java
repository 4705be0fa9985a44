package org.ladewerk.simulator.station;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.link.Network;

/**
 * What all stations of an emulator share: the network, timers (and their periodic ticks), the threads station tasks run on,
 * the compiled schemas, the clock, and how long simulated things take.
 *
 * @param rebootTime      how long a reset or firmware installation keeps the station offline
 * @param maintenanceStep how long each step of a firmware update or diagnostics upload takes
 */
public record Environment(Network network, ScheduledExecutorService timers, Ticks ticks, Executor workers, OcppSchemas schemas,
                          Clock clock, CallObserver observer, LinkOptions link, Duration rebootTime,
                          Duration maintenanceStep, long seed) {
}
