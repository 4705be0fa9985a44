package org.ladewerk.bench;

import java.util.List;
import java.util.Map;
import org.ladewerk.simulator.load.LoadReport;

/** Everything one benchmark run measured; written as JSON and rendered as markdown. */
record BenchReport(String date, Machine machine, Capacity capacity, BootStorm bootStorm, List<Ingest> ingest, Limit limit,
                   Map<String, Profile> profiles, List<String> notes) {

    record Machine(int cores, long memoryBytes, String java, String serverHeap, String os, String loadAverageAtStart) {}

    /** Connections one server held, with the live heap they cost after a full GC and the process RSS. */
    record Capacity(int requested, int connectedAtGenerator, int onlineAtServer, long idleHeapBytes, long loadedHeapBytes,
                    double heapPerConnectionBytes, long idleRssBytes, long loadedRssBytes, double rssPerConnectionBytes,
                    List<HeapShare> perConnection) {}

    /** A class's share of the heap a connection costs (difference of two class histograms, per station). */
    record HeapShare(String type, double bytesPerConnection) {}

    /**
     * All stations connect at once and send BootNotification and StatusNotification; accepted = answered after commit.
     * seconds: until every station's StatusNotifications were answered (the storm's figure since the first report);
     * acceptedSeconds: until every station's BootNotification was answered Accepted, the part of it that ends with
     * every station accepted and stored (null when not all were, or the generator did not say).
     * Measured on a server started from its AOT cache, as every start after a build's first; firstStartSeconds is
     * the same storm on the first start, which records that cache (null when it did not complete). passwordSeconds is
     * the same storm again on a fresh server from the cache with every station registered with a password (security
     * profile 1), null when not every station was accepted. cpu: what the server, the load generator and the machine
     * spent from the generator starting its stations until all were booted (null if unknown).
     */
    record BootStorm(int stations, Double seconds, Double acceptedSeconds, int accepted, int stationsStored, LoadProcess.BootCpu cpu, Double firstStartSeconds,
                     Double passwordSeconds) {}

    /**
     * One load run: what was offered, what the generator measured, the CPU each side used meanwhile, the REST
     * API's round trips meanwhile (OCPP runs only) and the machine's load average at the end of the run.
     */
    record Ingest(String name, String database, boolean echo, int stations, long meterIntervalMillis, double offeredPerSecond,
                  LoadReport load, double serverCores, double generatorCores, double machineCores, List<RestProbe.Latency> rest,
                  String loadAverage) {}

    /**
     * OCPP throughput at saturation as a share of what the bare WebSocket echo does on the same Jetty: on H2 (ocpp),
     * and on PostgreSQL when it ran (null otherwise; its database works in processes of its own, on the same cores).
     */
    record Limit(double ocppPerSecond, double echoPerSecond, double ratio, Double postgresPerSecond, Double postgresRatio) {
        static Limit of(LoadReport h2, LoadReport postgres, LoadReport echo) {
            double e = echo.throughputPerSecond();
            Double pg = postgres == null ? null : postgres.throughputPerSecond();
            return new Limit(h2.throughputPerSecond(), e, e == 0 ? 0 : h2.throughputPerSecond() / e, pg,
                    pg == null || e == 0 ? null : pg / e);
        }
    }
}
