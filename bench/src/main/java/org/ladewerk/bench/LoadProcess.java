package org.ladewerk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.load.LoadReport;

/** The load generator in its own JVM ({@code ladewerk-simulator load}), its output kept in a log. */
final class LoadProcess {

    private final Process process;
    private final CompletableFuture<String> booted = new CompletableFuture<>();
    private final Path report;
    final Path log;

    private LoadProcess(Process process, Path report, Path log) {
        this.process = process;
        this.report = report;
        this.log = log;
    }

    static LoadProcess start(Path simulatorJar, List<String> args, Path report, Path log) throws IOException {
        var cmd = new ArrayList<String>(List.of(Jvm.JAVA,
                "-Xms1g", "-Xmx6g", "-jar", simulatorJar.toString(), "load", "--report", report.toString(),
                // a tag per station: the benchmark's server registers unknown tags on first use, one transaction each
                "--own-id-tags"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var run = new LoadProcess(p, report, log);
        Thread.ofPlatform().daemon().name("load-output").start(run::pump);
        return run;
    }

    long pid() {
        return process.pid();
    }

    private void pump() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush();
                if (line.startsWith("BOOTED")) booted.complete(line);
                if (line.startsWith("BOOTED") || line.startsWith("load ") || line.startsWith("throughput")) System.out.println("    " + line);
            }
        } catch (IOException e) {
            booted.completeExceptionally(e);
        }
        booted.complete(null);
    }

    /** The BOOTED line: all stations connected and accepted (or the boot timeout passed). */
    String awaitBooted(long timeoutSeconds) throws Exception {
        return booted.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    LoadReport awaitReport(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the load generator did not finish in time, see " + log);
        }
        if (!Files.exists(report)) throw new IOException("the load generator wrote no report, see " + log);
        return Json.mapper().readValue(report.toFile(), LoadReport.class);
    }
}
