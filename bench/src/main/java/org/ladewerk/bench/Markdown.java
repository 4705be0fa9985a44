package org.ladewerk.bench;

import java.util.Locale;
import org.ladewerk.simulator.load.LoadReport;

/** The report as markdown: the figures first, then how they were taken, then the profiles. */
final class Markdown {

    private Markdown() {
    }

    static String render(BenchReport r) {
        var b = new StringBuilder();
        b.append("# Ladewerk benchmark ").append(r.date()).append("\n\n");
        var m = r.machine();
        b.append(f("Machine: %d cores, %.0f GiB, %s; %s. Server heap fixed at %s (-Xms = -Xmx), with the launcher's %s and its AOT cache. Load average at start: %s.%n%n",
                m.cores(), m.memoryBytes() / (1024.0 * 1024 * 1024), m.os(), m.java(), m.serverHeap(),
                String.join(" ", ServerProcess.LAUNCHER_OPTIONS), m.loadAverageAtStart()));
        b.append("The central system runs from its jar in its own JVM; the load generator (`ladewerk-simulator load`) in another. ")
                .append("Both share the machine's cores, so every figure includes the load generator's own cost.\n\n");

        var c = r.capacity();
        b.append("## 1. Capacity\n\n");
        b.append("| stations started | connected (generator) | online (server) | live heap idle | live heap loaded | heap per connection | RSS idle | RSS loaded | RSS per connection |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        b.append(f("| %,d | %,d | %,d | %s | %s | **%.1f KB** | %s | %s | %.1f KB |%n%n", c.requested(), c.connectedAtGenerator(),
                c.onlineAtServer(), mb(c.idleHeapBytes()), mb(c.loadedHeapBytes()), c.heapPerConnectionBytes() / 1024, mb(c.idleRssBytes()),
                mb(c.loadedRssBytes()), c.rssPerConnectionBytes() / 1024));
        b.append("Live heap is the heap in use right after a full GC (`jcmd GC.run`, then `GC.heap_info`), with every station ")
                .append("booted and idle; per connection = (loaded - idle) / stations online. Target: at most 10.5 KB per station.\n\n");
        if (!c.perConnection().isEmpty()) {
            b.append("What a connection costs, by class (difference of `GC.class_histogram` loaded and idle, divided by the stations online):\n\n");
            b.append("| bytes per connection | class |\n|---:|---|\n");
            c.perConnection().forEach(h -> b.append(f("| %.0f | `%s` |%n", h.bytesPerConnection(), h.type())));
            b.append("\n");
        }

        var s = r.bootStorm();
        b.append("## 2. Boot storm\n\n");
        b.append(f("%,d stations connect at once, each sends BootNotification and then StatusNotification for connector 0 and 1; "
                + "a station counts when all three are answered (the server answers only after committing). "
                + "**%s** until the last was accepted; %,d accepted; %,d stations stored. Target: 19,000 in at most 10 s.%n%n",
                s.stations(), seconds(s.seconds()), s.accepted(), s.stationsStored()));
        if (s.acceptedSeconds() != null)
            b.append(f("Of that, the BootNotifications alone: every station accepted (answered after it was stored) after %s; the "
                    + "rest is their StatusNotifications.%n%n", seconds(s.acceptedSeconds())));
        if (s.cpu() != null) {
            var cpu = s.cpu();
            b.append(f("CPU from the first connection until the last station was booted (%.1f s): the server %.1f CPU-s, the load generator "
                    + "%.1f CPU-s, the machine %.1f CPU-s of the %.1f its %d cores had (%.0f %% busy). Server and generator share the cores, "
                    + "so the storm's length is what both together cost.%n%n", cpu.wallSeconds(), cpu.serverSeconds(), cpu.generatorSeconds(),
                    cpu.machineBusySeconds(), cpu.wallSeconds() * r.machine().cores(), r.machine().cores(),
                    100 * cpu.machineBusySeconds() / (cpu.wallSeconds() * r.machine().cores())));
        }
        b.append(f("The server runs from its extracted jar with the JVM's AOT cache, as `./ladewerk` runs it after a build's first start. "
                + "The same storm on that first start, which records the cache (written as the JVM exits): %s. "
                + "The same storm on another fresh server from the cache, every station registered with a password first "
                + "and presenting it (OCPP security profile 1, as stations in production do): %s. The registration, through the "
                + "REST API, creates the station rows and warms the server up, so this storm is not directly comparable with the first.%n%n",
                seconds(s.firstStartSeconds()), seconds(s.passwordSeconds())));

        b.append("## 3. Sustained ingest and 4. the limit\n\n");
        b.append("Each station has an open transaction and sends MeterValues (energy register, power, current and voltage per phase, ")
                .append("SoC: 9 sampled values, stored as one row per MeterValue element) at the meter interval, one call at a time as OCPP-J requires; ")
                .append("a sample due while the previous call is unanswered is skipped (closed loop). Latency is the round trip of each call. ")
                .append("The echo rows send the same frames to a bare WebSocket echo endpoint on the same Jetty (`ladewerk.bench.echo=true`); ")
                .append("the echo at the moderate rate is the transport's own latency there, the floor under the OCPP rows' p99 on this machine. ")
                .append("CPU per message is a process's cores over the messages answered: what each side costs, whatever share of the ")
                .append("machine it got, so it compares runs (and rounds) that throughput alone cannot.\n\n");
        b.append("| run | stations | interval | offered/s | achieved msg/s | p50 ms | p95 ms | p99 ms | max ms | errors | timeouts | server cores | server CPU µs per message | generator cores | generator CPU µs per message | machine cores | load average after |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (var i : r.ingest()) {
            LoadReport l = i.load();
            b.append(f("| %s | %,d | %d ms | %,.0f | **%,.0f** | %.1f | %.1f | %.1f | %.1f | %d | %d | %.2f | %s | %.2f | %s | %.2f | %s |%n", i.name(), i.stations(),
                    i.meterIntervalMillis(), i.offeredPerSecond(), l.throughputPerSecond(), l.latency().p50(), l.latency().p95(),
                    l.latency().p99(), l.latency().max(), l.errors(), l.timeouts(), i.serverCores(), perMessage(i.serverCores(), l),
                    i.generatorCores(), perMessage(i.generatorCores(), l), i.machineCores(), i.loadAverage()));
        }
        b.append("\nThe REST API during each OCPP run (one client, 5 requests per second: the full station list, and an open ")
                .append("transaction's detail with its meter samples). Target: p99 at most 250 ms at full ingest rate.\n\n");
        b.append("| run | endpoint | requests | errors | p50 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (var i : r.ingest())
            for (var rest : i.rest())
                b.append(f("| %s | %s | %,d | %d | %.1f | **%.1f** | %.1f |%n", i.name(), rest.endpoint(), rest.requests(), rest.errors(),
                        rest.p50(), rest.p99(), rest.max()));
        var lim = r.limit();
        b.append(f("%nOCPP at saturation on H2: %,.0f msg/s; the bare echo at saturation: %,.0f msg/s. "
                + "**OCPP throughput on H2 is %.1f %% of what the transport alone does here.**", lim.ocppPerSecond(), lim.echoPerSecond(), 100 * lim.ratio()));
        if (lim.postgresRatio() != null)
            b.append(f(" On PostgreSQL (its database in processes of its own, on the same cores): %,.0f msg/s, **%.1f %% of the echo**.",
                    lim.postgresPerSecond(), 100 * lim.postgresRatio()));
        b.append(" Targets: at least 10,000 MeterValues/s on H2 and 14,000/s on PostgreSQL at 20,000/s offered, p99 at most 50 ms at 5,000/s "
                + "offered (moderate load), OCPP at least 50 % of the echo.\n\n");

        if (!r.profiles().isEmpty()) {
            b.append("## Where the server spends its time\n\n");
            b.append("JFR execution samples of the server under the same load, just before the measurement window (settings=profile; "
                    + "a recording during the window would have cost the server 5-15 % of its throughput). ")
                    .append("Self = method on top of the stack; inclusive = anywhere on the stack (application, JDBC, database and JSON packages only).\n\n");
            r.profiles().forEach((name, p) -> {
                b.append("### ").append(name).append("\n\n");
                b.append(f("%,d samples; JVM CPU %.1f %% and machine %.1f %% of all cores (jdk.CPULoad); GC pauses %.1f ms per second.%n%n",
                        p.samples(), p.jvmCpuShare(), p.machineCpuShare(), p.gcPauseMillisPerSecond()));
                b.append("Threads: ");
                b.append(String.join(", ", p.threads().entrySet().stream().map(t -> f("%s %.1f %%", t.getKey(), t.getValue())).toList()));
                b.append("\n\n| self % | method |\n|---:|---|\n");
                p.self().stream().limit(15).forEach(e -> b.append(f("| %.1f | `%s` |%n", e.share(), e.method())));
                b.append("\n| inclusive % | method |\n|---:|---|\n");
                p.inclusive().stream().limit(20).forEach(e -> b.append(f("| %.1f | `%s` |%n", e.share(), e.method())));
                b.append("\n");
            });
        }
        if (!r.notes().isEmpty()) {
            b.append("## Notes\n\n");
            r.notes().forEach(n -> b.append("- ").append(n).append("\n"));
        }
        return b.toString();
    }

    private static String seconds(Double seconds) {
        return seconds == null ? "did not complete" : f("%.1f s", seconds);
    }

    private static String mb(long bytes) {
        return f("%.0f MB", bytes / (1024.0 * 1024));
    }

    /** A process's CPU per message answered: what one side costs, whatever share of a shared machine it got. */
    private static String perMessage(double cores, LoadReport load) {
        return load.throughputPerSecond() > 0 ? f("%,.0f", cores * 1e6 / load.throughputPerSecond()) : "-";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
