package org.ladewerk.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code src/test/node/strict-session.mjs} (or another script there, such as
 * {@code strict-session-201.mjs} for OCPP 2.0.1): a full session against a running server, driven by
 * an independent client library (ocpp-rpc) in strict mode, so that every frame in both directions is
 * validated against the official OCPP schemas. Plain Java, no Spring: the caller starts the server
 * and passes its addresses.
 *
 * <p>Needs {@code node} (20 or newer) and {@code npm} on the PATH; {@link #problem()} says what is
 * missing, so a test can skip or fail with that message. The node dependencies are installed with
 * {@code npm ci} from the committed lock file the first time they are missing.
 */
public final class NodeStrictClient {

    /** Relative to the server module, which is Maven's working directory for tests. */
    public static final String NODE_DIR = "src/test/node";
    /** The OCPP 1.6 session, run by {@link #run(String, String, String, Duration)}. */
    public static final String SCRIPT = "strict-session.mjs";
    /** The OCPP 2.0.1 session. */
    public static final String SCRIPT_201 = "strict-session-201.mjs";
    /** System property that overrides where the node project lives. */
    public static final String NODE_DIR_PROPERTY = "ladewerk.e2e.node-dir";

    private static final String WATCHDOG_ENV = "LADEWERK_E2E_TIMEOUT_MS";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final int MIN_NODE_MAJOR = 20;

    private NodeStrictClient() {}

    /**
     * What the node run produced.
     *
     * @param exitCode the script's exit code; 0 means every step passed, -1 when it was killed on timeout
     * @param timedOut whether the run was killed for exceeding the timeout
     * @param output   stdout and stderr, interleaved as written; progress lines, then the JSON summary
     */
    public record Result(int exitCode, boolean timedOut, String output) {

        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** The script's one-line JSON summary ({@code {"ok":true,...}} or {@code {"ok":false,"step":...}}), if it printed one. */
        public Optional<String> summary() {
            List<String> lines = output.lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.startsWith("{\"ok\":")) return Optional.of(line);
            }
            return Optional.empty();
        }

        /** A message for an assertion: the summary, or the whole output when there is none. */
        public String describe() {
            String head = timedOut ? "node strict session timed out" : "node strict session exited with " + exitCode;
            return head + "\n" + output;
        }
    }

    /** Runs the strict session with the timeout, inheriting this JVM's environment. */
    public static Result run(String wsBase, String httpBase, String stationId, Duration timeout) {
        return run(wsBase, httpBase, stationId, timeout, Map.of());
    }

    /**
     * Runs the strict session with the timeout; {@code env} adds to or overrides the inherited environment
     * (e.g. {@code LADEWERK_API_USER} / {@code LADEWERK_API_PASSWORD} for the REST calls).
     */
    public static Result run(String wsBase, String httpBase, String stationId, Duration timeout, Map<String, String> env) {
        return runScript(SCRIPT, wsBase, httpBase, stationId, timeout, env);
    }

    /** Runs {@code script} (a file in the node project, e.g. {@value #SCRIPT_201}) like {@link #run(String, String, String, Duration)}. */
    public static Result runScript(String script, String wsBase, String httpBase, String stationId, Duration timeout) {
        return runScript(script, wsBase, httpBase, stationId, timeout, Map.of());
    }

    /** Runs {@code script} like {@link #run(String, String, String, Duration, Map)}. */
    public static Result runScript(String script, String wsBase, String httpBase, String stationId, Duration timeout,
                                   Map<String, String> env) {
        problem().ifPresent(p -> {
            throw new IllegalStateException(p);
        });
        Path dir = nodeDir();
        if (!Files.isRegularFile(dir.resolve(script))) throw new IllegalStateException("no " + script + " in " + dir);
        installIfNeeded(dir);

        List<String> command = List.of(executable("node").orElseThrow().toString(), script, wsBase, httpBase, stationId);
        Map<String, String> environment = new HashMap<>(env);
        // let the script's own watchdog fire first, so a hang is reported with the step it hung in
        if (!environment.containsKey(WATCHDOG_ENV) && System.getenv(WATCHDOG_ENV) == null)
            environment.put(WATCHDOG_ENV, Long.toString(Math.max(1_000, timeout.toMillis() - 3_000)));
        return exec(command, dir, environment, timeout);
    }

    /** Empty when node (20 or newer) and npm are on the PATH; otherwise what is missing. */
    public static Optional<String> problem() {
        Optional<Path> node = executable("node");
        if (node.isEmpty()) return Optional.of(missing("node"));
        if (executable("npm").isEmpty()) return Optional.of(missing("npm"));
        Result version = exec(List.of(node.get().toString(), "--version"), null, Map.of(), Duration.ofSeconds(30));
        Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version.output());
        if (!version.ok() || !m.find())
            return Optional.of("could not tell the version of " + node.get() + ": " + version.output().strip());
        if (Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR)
            return Optional.of(node.get() + " is " + version.output().strip() + "; the strict OCPP client needs Node.js "
                    + MIN_NODE_MAJOR + " or newer");
        return Optional.empty();
    }

    public static boolean available() {
        return problem().isEmpty();
    }

    /** The node project: {@value #NODE_DIR_PROPERTY} if set, else {@value #NODE_DIR} from the module or the repository root. */
    public static Path nodeDir() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getProperty(NODE_DIR_PROPERTY);
        if (override != null && !override.isBlank()) candidates.add(Path.of(override));
        candidates.add(Path.of(NODE_DIR));
        candidates.add(Path.of("server", NODE_DIR));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(SCRIPT))) return candidate.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " in any of " + candidates + " (working directory "
                + Path.of("").toAbsolutePath() + "); run the tests from the server module or set -D" + NODE_DIR_PROPERTY);
    }

    /** {@code npm ci} when ocpp-rpc is not installed, or not in the version package.json pins. */
    private static void installIfNeeded(Path dir) {
        if (installed(dir)) return;
        List<String> command = List.of(executable("npm").orElseThrow().toString(), "ci", "--no-audit", "--no-fund");
        Result install = exec(command, dir, Map.of(), INSTALL_TIMEOUT);
        if (!install.ok() || !installed(dir))
            throw new IllegalStateException("'npm ci' in " + dir + " failed ("
                    + (install.timedOut() ? "timed out after " + INSTALL_TIMEOUT : "exit " + install.exitCode()) + "):\n"
                    + install.output());
    }

    private static boolean installed(Path dir) {
        Path installedManifest = dir.resolve("node_modules/ocpp-rpc/package.json");
        if (!Files.isRegularFile(installedManifest)) return false;
        try {
            Matcher pinned = Pattern.compile("\"ocpp-rpc\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(dir.resolve("package.json")));
            Matcher actual = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(installedManifest));
            return pinned.find() && actual.find() && pinned.group(1).equals(actual.group(1));
        } catch (IOException e) {
            return false;
        }
    }

    private static String missing(String tool) {
        return "'" + tool + "' is not on the PATH (" + System.getenv("PATH") + "); the strict OCPP client tests need "
                + "Node.js " + MIN_NODE_MAJOR + "+ with npm (e.g. apt-get install nodejs npm)";
    }

    /** The first executable named {@code name} on the PATH (with the Windows extensions where they apply). */
    static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        List<String> names = windows ? List.of(name + ".exe", name + ".cmd", name) : List.of(name);
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            for (String candidate : names) {
                Path file = Path.of(entry, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Runs a command, stdout and stderr merged, killing it and its children when it outlives the timeout. */
    private static Result exec(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        if (dir != null) builder.directory(dir.toFile());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to send anyway
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread pump = Thread.ofPlatform().daemon().name("node-output").start(() -> copy(process.getInputStream(), captured));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        String output;
        synchronized (captured) {
            output = captured.toString(StandardCharsets.UTF_8);
        }
        if (!finished) output += "\n[killed after " + timeout + "]";
        return new Result(finished ? process.exitValue() : -1, !finished, output);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process is gone; keep what was read
        }
    }
}
