package org.ladewerk.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server spends its time, from a JFR recording: execution samples by thread, by method on
 * top of the stack (self), and by method anywhere on the stack (inclusive, for the packages that
 * matter here), plus the JVM's own CPU load and GC pauses.
 */
record Profile(int samples, Map<String, Double> threads, List<Entry> self, List<Entry> inclusive, double jvmCpuShare,
               double machineCpuShare, double gcPauseMillisPerSecond) {

    record Entry(String method, int samples, double share) {}

    private static final List<String> INTERESTING = List.of("org.ladewerk.", "org.h2.", "org.postgresql.", "com.zaxxer.",
            "org.springframework.jdbc.", "org.springframework.transaction.", "tools.jackson.", "com.networknt.",
            "org.eclipse.jetty.websocket.");

    static Profile read(Path jfr) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        double cpu = 0;
        double machine = 0;
        int cpuEvents = 0;
        double gcMillis = 0;
        java.time.Instant first = null;
        java.time.Instant last = null;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (first == null || e.getStartTime().isBefore(first)) first = e.getStartTime();
            if (last == null || e.getEndTime().isAfter(last)) last = e.getEndTime();
            switch (e.getEventType().getName()) {
                case "jdk.CPULoad" -> {
                    cpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    machine += e.getFloat("machineTotal");
                    cpuEvents++;
                }
                case "jdk.GCPhasePause" -> gcMillis += e.getDuration().toNanos() / 1e6;
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) continue;
                    total++;
                    var thread = e.getThread("sampledThread");
                    String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
                    threads.merge(name.replaceAll("\\d+", "N"), 1, Integer::sum);
                    List<RecordedFrame> frames = st.getFrames();
                    self.merge(name(frames.getFirst()), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String m = name(f);
                        if (seen.add(m) && INTERESTING.stream().anyMatch(m::startsWith)) inclusive.merge(m, 1, Integer::sum);
                    }
                }
                default -> { }
            }
        }
        double seconds = first == null ? 1 : Math.max(1, java.time.Duration.between(first, last).toMillis() / 1000.0);
        int n = total;
        var threadShares = new LinkedHashMap<String, Double>();
        threads.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10)
                .forEach(t -> threadShares.put(t.getKey(), round(100.0 * t.getValue() / Math.max(1, n))));
        return new Profile(total, threadShares, top(self, total, 25), top(inclusive, total, 30),
                cpuEvents == 0 ? 0 : round(100 * cpu / cpuEvents), cpuEvents == 0 ? 0 : round(100 * machine / cpuEvents),
                round(gcMillis / seconds));
    }

    private static List<Entry> top(Map<String, Integer> counts, int total, int n) {
        return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
                .map(e -> new Entry(e.getKey(), e.getValue(), round(100.0 * e.getValue() / Math.max(1, total)))).toList();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
