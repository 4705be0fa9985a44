package org.ladewerk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.load.LoadReport;

/** The report renders every scenario's figures and survives its own JSON. */
class MarkdownTest {

    private static LoadReport load(double throughput, double p99) {
        var latency = new LoadReport.Latency(1000, 1.5, 20, p99, 80, 3);
        return new LoadReport("ws://127.0.0.1:1/ocpp", false, 10_000, 1, 1, 10_000, 10_000, 10_000, 9.5, 12.5, 60, 900_000, 899_000,
                600_000, 0, 0, 0, 0, 0, throughput, latency, Map.of("MeterValues", latency));
    }

    @Test
    void everyScenarioIsInTheMarkdownAndTheJsonReadsBack() {
        var report = new BenchReport("2026-11-22T01:00:00", new BenchReport.Machine(2, 24L << 30, "OpenJDK 25", "2g", "Linux", "0.5"),
                new BenchReport.Capacity(19_000, 19_000, 18_990, 60L << 20, 210L << 20, 8_250.5, 700L << 20, 1_100L << 20, 22_000,
                        List.of(new BenchReport.HeapShare("org.eclipse.jetty.websocket.core.WebSocketCoreSession", 812))),
                new BenchReport.BootStorm(19_000, 21.4, 14.2, 19_000, 19_000, new LoadProcess.BootCpu(15.1, 24.3, 42.0, 21.4), 30.2, 22.9),
                List.of(new BenchReport.Ingest("OCPP on H2, target rate", "H2", false, 10_000, 500, 20_000, load(2_345, 48.2), 1.1, 0.7, 1.9,
                                List.of(new RestProbe.Latency("station list", 290, 0, 12.5, 183.4, 240)), "1.20 0.90 0.80"),
                        new BenchReport.Ingest("WebSocket echo, saturated", "-", true, 10_000, 100, 100_000, load(40_000, 9), 0.8, 1.1, 2, List.of(), "1.30 1.00 0.90")),
                new BenchReport.Limit(3_000, 40_000, 0.075, 5_000.0, 0.125),
                Map.of("OCPP on H2, target rate", new Profile(500, Map.of("group-commit", 80.0), List.of(new Profile.Entry("org.h2.X.y", 50, 10)),
                        List.of(new Profile.Entry("org.ladewerk.server.store.GroupCommitter.commit", 400, 80)), 45, 99, 7)),
                List.of("a note"));

        String md = Markdown.render(report);
        assertThat(md).contains("| 19,000 | 19,000 | 18,990 |", "**8.1 KB**", "WebSocketCoreSession", "**21.4 s**", "every station accepted (answered after it was stored) after 14.2 s", "which records the cache (written as the JVM exits): 30.2 s",
                "presenting it (OCPP security profile 1, as stations in production do): 22.9 s",
                "| OCPP on H2, target rate | 10,000 | 500 ms | 20,000 | **2,345** |", "48.2", "**40,000**",
                // cores and CPU µs per message: the server's, then the generator's
                "| 1.10 | 469 | 0.70 | 299 |", "| 0.80 | 20 | 1.10 | 28 |",
                "7.5 % of what the transport alone does", "5,000 msg/s, **12.5 % of the echo**",
                "the server 24.3 CPU-s, the load generator 15.1 CPU-s, the machine 42.0 CPU-s of the 42.8 its 2 cores had (98 % busy)", "GroupCommitter.commit", "- a note",
                "| OCPP on H2, target rate | station list | 290 | 0 | 12.5 | **183.4** | 240.0 |", "1.20 0.90 0.80");
        var json = Json.mapper().writeValueAsString(report);
        assertThat(Json.mapper().readValue(json, BenchReport.class)).isEqualTo(report);
    }
}
