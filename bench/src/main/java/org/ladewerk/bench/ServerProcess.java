package org.ladewerk.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ladewerk.simulator.load.LoadGenerator;

/** The central system as its own JVM with a fixed heap, started from its jar like the launcher does. */
final class ServerProcess implements AutoCloseable {

    /** The JVM options the launcher starts the server with (JVM_DEFAULTS in ./ladewerk), so the benchmark measures the server as run. */
    static final List<String> LAUNCHER_OPTIONS = List.of("-XX:NewRatio=3", "-XX:+UseCompactObjectHeaders");

    /** What the launcher adds when it starts from the AOT cache and the JDK accepts it (see ./ladewerk). */
    private static final List<String> COMPILE_EAGERLY = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly");
    /** Asked of the JDK once: every server of a run starts with the same JDK. */
    private static final boolean EAGER_ACCEPTED = Jvm.accepts(COMPILE_EAGERLY);

    /** The AOT cache beside an extracted jar (see {@link #extract}). */
    private static final String AOT_CACHE = "server.aot";

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static ServerProcess start(Path jar, String heap, int port, Path dataDir, List<String> properties, Path log)
            throws IOException, InterruptedException {
        var cmd = new ArrayList<String>(List.of(Jvm.JAVA,
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
        cmd.addAll(LAUNCHER_OPTIONS);
        cmd.addAll(aotOptions(jar));
        cmd.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--ladewerk.data-dir=" + dataDir,
                "--ladewerk.bench.echo=true", "--ladewerk.authorization.unknown-id-tags=accept",
                "--logging.level.org.ladewerk.server.transport=WARN"));
        properties.forEach(p -> cmd.add("--" + p));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new ServerProcess(port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("the server exited at start, see " + log);
            try {
                if (server.get("/actuator/health").contains("UP")) return server;
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        server.close();
        throw new IOException("the server did not come up within 300 s, see " + log);
    }

    /**
     * Extracts the server's jar into {@code dir} as the launcher does ({@code run_jar} in ./ladewerk), so that
     * servers started from the returned jar keep a JVM AOT cache beside it: the first one records it and
     * writes it as it exits, later ones start from it.
     */
    static Path extract(Path execJar, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Jvm.JAVA, "-Djarmode=tools", "-jar",
                execJar.toString(), "extract", "--destination", dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("could not extract " + execJar + ": " + output);
        return dir.resolve(execJar.getFileName());
    }

    /** Whether a server started from this extracted jar starts from an AOT cache (false: it records one). */
    static boolean hasAotCache(Path jar) {
        return Files.exists(jar.resolveSibling(AOT_CACHE));
    }

    /** The launcher's AOT options for an extracted jar (one with its lib/ beside it); none for a jar run as it is. */
    private static List<String> aotOptions(Path jar) {
        if (!Files.isDirectory(jar.resolveSibling("lib"))) return List.of();
        boolean record = !hasAotCache(jar);
        var options = new ArrayList<>(Jvm.aotCache(jar.resolveSibling(AOT_CACHE), record));
        if (!record && EAGER_ACCEPTED) options.addAll(COMPILE_EAGERLY);
        return options;
    }

    long pid() {
        return process.pid();
    }

    String get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A request to this server's API as the admin. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", ADMIN).timeout(Duration.ofSeconds(60));
    }

    /**
     * Registers the load generator's stations {@code prefix}000001.. with a password (security profile 1), eight
     * requests at a time as an operator's provisioning script might.
     */
    void registerStations(String prefix, int count, String password) throws Exception {
        String body = "{\"password\":\"" + password + "\"}";
        try (var pool = Executors.newFixedThreadPool(8)) {
            var answers = new ArrayList<Future<Integer>>();
            for (int i = 1; i <= count; i++) {
                var put = request("/api/v1/stations/" + LoadGenerator.stationId(prefix, i))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
                answers.add(pool.submit(() -> http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (var answer : answers)
                if (answer.get() != 201) throw new IOException("registering a station answered " + answer.get());
        }
    }

    /** Stations the central system shows online (from its live registry, via the REST API). */
    int online() throws IOException, InterruptedException {
        return count("online=true");
    }

    int stations() throws IOException, InterruptedException {
        return count("");
    }

    /** How many stations match: the station list's X-Total-Count, read with a page of one. */
    private int count(String query) throws IOException, InterruptedException {
        var r = http.send(request("/api/v1/stations?limit=1&" + query).GET().build(), HttpResponse.BodyHandlers.discarding());
        return Integer.parseInt(r.headers().firstValue("X-Total-Count").orElseThrow(() -> new IOException("no X-Total-Count: " + r.statusCode())));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        // a server that records its AOT cache writes it as it exits: about 20 s here
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
