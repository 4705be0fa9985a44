package org.ladewerk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads from another JVM and from Linux: live heap after a full GC, RSS, CPU time. */
final class Jvm {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    /** The java launcher of the JDK the benchmark runs on, for the server and the load generator. */
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The load generator's JVM: room for 19,000 stations, and compact object headers as the server has. */
    static final List<String> GENERATOR = List.of(JAVA, "-Xms1g", "-Xmx6g", "-XX:+UseCompactObjectHeaders");
    private static final long CLOCK_TICKS = 100;

    private Jvm() {
    }

    /** The options that start a JVM from the AOT cache {@code cache}, or make it record the cache as it exits. */
    static List<String> aotCache(Path cache, boolean record) {
        return List.of((record ? "-XX:AOTCacheOutput=" : "-XX:AOTCache=") + cache, "-Xlog:aot*=error");
    }

    /** Whether this JDK starts with {@code options} (an experimental option may be gone in a later one). */
    static boolean accepts(List<String> options) {
        var args = new ArrayList<String>(List.of(JAVA));
        args.addAll(options);
        args.add("-version");
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(60, TimeUnit.SECONDS)) return p.exitValue() == 0;
            p.destroyForcibly();
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        var args = new ArrayList<String>(List.of(JCMD.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /** Heap in use right after a full collection (System.gc through jcmd GC.run): the live heap. */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) throw new IOException("no heap use in GC.heap_info: " + info);
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Bytes per class of the live heap ({@code jcmd GC.class_histogram}, which collects first). */
    static java.util.Map<String, Long> histogram(long pid) throws IOException, InterruptedException {
        var out = new java.util.HashMap<String, Long>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "   1:   123   4567   java.lang.String (java.base@25)"
            if (f.length >= 4 && f[0].endsWith(":") && f[2].chars().allMatch(Character::isDigit)) out.merge(f[3], Long.parseLong(f[2]), Long::sum);
        }
        return out;
    }

    /** Resident set size from /proc/{pid}/status. */
    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** User plus system CPU time of a process so far, in seconds (/proc/{pid}/stat fields 14 and 15). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Machine-wide busy CPU seconds (all cores) from /proc/stat. */
    static double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            return busy / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
