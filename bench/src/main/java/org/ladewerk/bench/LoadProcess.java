package org.ladewerk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.load.LoadReport;

/**
 * The load generator in its own JVM ({@code ladewerk-simulator load}), its output kept in a log. It shares the
 * machine's cores with the server under test, so it runs as light as it can: from its extracted jar with its
 * own AOT cache, and for a boot storm without the C2 compiler (see {@link Jit}).
 */
final class LoadProcess {

    /** The generator's AOT cache beside its extracted jar (see {@link #extract}). */
    private static final String AOT_CACHE = "simulator.aot";
    /** Where a Spring Boot executable jar keeps the application's classes and its libraries. */
    private static final String CLASSES = "BOOT-INF/classes/", LIBRARIES = "BOOT-INF/lib/";

    /** How the generator's JVM compiles, and whether it records the AOT cache for the runs after it. */
    enum Jit {
        /** Charging load: the full JIT, since C2's code costs less per message; from the AOT cache if there is one. */
        FULL,
        /**
         * A boot storm, over in seconds: C1 only. In paired storms of 19,000 stations the generator's C2
         * compiled for 9-10 CPU-s, on the cores the server needs, code it ran for a few seconds.
         */
        STORM,
        /** As FULL, without a cache: records one as the JVM exits (the benchmark's first charging run). */
        RECORD
    }

    /**
     * CPU seconds used from the moment the generator starts its stations ("load:" in its output) until all are
     * booted ("BOOTED"): the generator's, the server's (when it was given) and the whole machine's.
     */
    record BootCpu(double generatorSeconds, double serverSeconds, double machineBusySeconds, double wallSeconds) {}

    private record Snapshot(double generator, double server, double machine, long nanos) {
        static Snapshot take(long generatorPid, long serverPid) {
            return new Snapshot(Jvm.cpuSeconds(generatorPid), serverPid < 0 ? Double.NaN : Jvm.cpuSeconds(serverPid),
                    Jvm.machineBusySeconds(), System.nanoTime());
        }
    }

    private final Process process;
    private final CompletableFuture<String> booted = new CompletableFuture<>();
    private final Path report;
    private final long serverPid;
    private volatile Snapshot stationsStarted, stationsBooted;
    final Path log;

    private LoadProcess(Process process, Path report, Path log, long serverPid) {
        this.process = process;
        this.report = report;
        this.log = log;
        this.serverPid = serverPid;
    }

    static LoadProcess start(Path simulatorJar, List<String> args, Path report, Path log) throws IOException {
        return start(simulatorJar, Jit.FULL, args, report, log, -1);
    }

    /** @param serverPid the server's process, whose CPU during the boot {@link #bootCpu} reports; -1 for none */
    static LoadProcess start(Path simulatorJar, Jit jit, List<String> args, Path report, Path log, long serverPid) throws IOException {
        var cmd = new ArrayList<String>(Jvm.GENERATOR);
        cmd.addAll(jvmOptions(simulatorJar, jit));
        cmd.addAll(List.of("-jar", simulatorJar.toString(), "load", "--report", report.toString(),
                // a tag per station: the benchmark's server registers unknown tags on first use, one transaction each
                "--own-id-tags"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var run = new LoadProcess(p, report, log, serverPid);
        Thread.ofPlatform().daemon().name("load-output").start(run::pump);
        return run;
    }

    /** Whether generators started from this extracted jar start from an AOT cache. */
    static boolean hasAotCache(Path jar) {
        return Files.exists(jar.resolveSibling(AOT_CACHE));
    }

    static List<String> jvmOptions(Path jar, Jit jit) {
        var options = new ArrayList<String>();
        if (jit == Jit.STORM) options.add("-XX:TieredStopAtLevel=1");
        if (jit == Jit.RECORD || hasAotCache(jar)) options.addAll(Jvm.aotCache(jar.resolveSibling(AOT_CACHE), jit == Jit.RECORD));
        return options;
    }

    /**
     * Unpacks the generator's executable jar into {@code dir} as a plain jar with its libraries in {@code lib/} (its
     * manifest names them), the layout an AOT cache needs: the JVM maps classes from jars on the class path, not
     * from jars nested in a jar. Returns the jar to run.
     */
    static Path extract(Path execJar, Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = dir.resolve(execJar.getFileName());
        try (var exec = new JarFile(execJar.toFile())) {
            String mainClass = exec.getManifest().getMainAttributes().getValue("Start-Class");
            if (mainClass == null) throw new IOException(execJar + " is not an executable jar (no Start-Class)");
            var libraries = new ArrayList<String>();
            for (JarEntry e : Collections.list(exec.entries())) {
                if (!e.getName().startsWith(LIBRARIES) || !e.getName().endsWith(".jar")) continue;
                String name = e.getName().substring(LIBRARIES.length());
                try (InputStream in = exec.getInputStream(e)) {
                    Files.copy(in, lib.resolve(name));
                }
                libraries.add("lib/" + name);
            }
            var manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
            try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                for (JarEntry e : Collections.list(exec.entries())) {
                    if (e.isDirectory() || !e.getName().startsWith(CLASSES)) continue;
                    out.putNextEntry(new JarEntry(e.getName().substring(CLASSES.length())));
                    try (InputStream in = exec.getInputStream(e)) {
                        in.transferTo(out);
                    }
                }
            }
        }
        return jar;
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
                if (line.startsWith("load:")) stationsStarted = Snapshot.take(pid(), serverPid);
                if (line.startsWith("BOOTED")) {
                    stationsBooted = Snapshot.take(pid(), serverPid);
                    booted.complete(line);
                }
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

    /** The CPU the boot took (see {@link BootCpu}); null before BOOTED or when the generator's output had no "load:" line. */
    BootCpu bootCpu() {
        Snapshot from = stationsStarted, to = stationsBooted;
        if (from == null || to == null) return null;
        return new BootCpu(to.generator() - from.generator(), to.server() - from.server(), to.machine() - from.machine(),
                (to.nanos() - from.nanos()) / 1e9);
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
