package org.ladewerk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.JsonNode;

/**
 * What an operator sees of the REST API while stations ingest: one client that keeps asking for the
 * station list and for an open transaction's detail (with its meter samples), one request at a time,
 * 5 per second, and records each round trip.
 */
final class RestProbe implements AutoCloseable {

    /** Round trips of one endpoint during a run. */
    record Latency(String endpoint, int requests, int errors, double p50, double p99, double max) {}

    private static final long PAUSE_MILLIS = 200;

    private final ServerProcess server;
    private final List<Long> stationList = new ArrayList<>();
    private final List<Long> transaction = new ArrayList<>();
    private int stationListErrors;
    private int transactionErrors;
    private volatile boolean running = true;
    private final Thread thread;

    private RestProbe(ServerProcess server) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("rest-probe").daemon().start(this::run);
    }

    static RestProbe start(ServerProcess server) {
        return new RestProbe(server);
    }

    private void run() {
        String detail = null;
        while (running) {
            try {
                if (detail == null) detail = openTransaction();
                stationListErrors += time("/api/v1/stations?limit=100", stationList); // the UI's page
                if (detail != null) transactionErrors += time(detail, transaction);
                TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                stationListErrors++;
            }
        }
    }

    private String openTransaction() throws Exception {
        JsonNode open = Json.mapper().readTree(server.get("/api/v1/transactions?open=true&limit=1"));
        return open.isEmpty() ? null : "/api/v1/transactions/" + open.get(0).get("id").asLong();
    }

    private int time(String path, List<Long> into) {
        long t0 = System.nanoTime();
        try {
            server.get(path);
        } catch (Exception e) {
            return 1;
        }
        synchronized (this) {
            into.add(System.nanoTime() - t0);
        }
        return 0;
    }

    /** Stops and returns the latencies of both endpoints. */
    List<Latency> finish() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(70));
        synchronized (this) {
            return List.of(latency("station list", stationList, stationListErrors),
                    latency("transaction with samples", transaction, transactionErrors));
        }
    }

    private static Latency latency(String endpoint, List<Long> nanos, int errors) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latency(endpoint, sorted.length, errors, millis(sorted, 0.50), millis(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, i)] / 1e4) / 100.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    static String describe(List<Latency> latencies) {
        return String.join("; ", latencies.stream().map(l -> String.format(java.util.Locale.ROOT, "%s p50 %.1f ms p99 %.1f ms (%d requests, %d errors)",
                l.endpoint(), l.p50(), l.p99(), l.requests(), l.errors())).toList());
    }
}
