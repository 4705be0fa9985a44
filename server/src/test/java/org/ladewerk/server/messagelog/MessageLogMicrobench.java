package org.ladewerk.server.messagelog;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.server.event.StationEvent;
import org.springframework.util.FileSystemUtils;

/**
 * The message log's writer step alone: batches of frames as the benchmark's ingest sends them (a
 * MeterValues call of 9 sampled values and its empty result per station, 10,000 stations) appended to
 * the segment files. Reports the writer thread's CPU time and the bytes it allocates per frame: what
 * the log costs the server beside its work, and what its young collections have to clear away. Not a
 * test; run by hand: {@code java -cp <test classpath> org.ladewerk.server.messagelog.MessageLogMicrobench [frames [batch]]}.
 */
public final class MessageLogMicrobench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("message-log-microbench");
        var store = new SegmentFrameStore(dir);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // prepared before the clock starts (the server has its frames in memory when its writer takes them),
        // as many as 10,000 stations send, and appended again and again
        var batches = new ArrayList<List<StationEvent.Frame>>();
        for (int first = 0; first < 20_000; first += batch) batches.add(batch(first, batch));
        for (int round = 0; round < 3; round++) {
            long cpu = threads.getCurrentThreadCpuTime(), bytes = threads.getCurrentThreadAllocatedBytes();
            for (int done = 0; done < count; done += batch) store.append(batches.get(done / batch % batches.size()));
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
            System.out.printf("round %d, batches of %d: %.2f us and %,d bytes allocated per frame%n", round, batch,
                    cpu / 1e3 / count, bytes / count);
        }
        store.close();
        // three rounds leave several hundred MB of segment files behind
        FileSystemUtils.deleteRecursively(dir);
    }

    private static List<StationEvent.Frame> batch(int first, int size) {
        var frames = new ArrayList<StationEvent.Frame>(size);
        Instant at = Instant.now();
        for (int i = first; i < first + size; i += 2) {
            String station = "CP" + (i / 2 % 10_000);
            frames.add(new StationEvent.Frame(station, true, meterValues(i), at));
            frames.add(new StationEvent.Frame(station, false, "[3,\"" + Integer.toString(i, 36) + "\",{}]", at));
        }
        return frames;
    }

    private static String meterValues(int n) {
        var values = new StringBuilder();
        String[][] measurands = {{"Energy.Active.Import.Register", "Wh", ""}, {"Power.Active.Import", "W", ""},
                {"Current.Import", "A", "L1"}, {"Current.Import", "A", "L2"}, {"Current.Import", "A", "L3"},
                {"Voltage", "V", "L1-N"}, {"Voltage", "V", "L2-N"}, {"Voltage", "V", "L3-N"}, {"SoC", "Percent", ""}};
        for (String[] m : measurands) {
            if (!values.isEmpty()) values.append(',');
            values.append("{\"value\":\"").append(1000 + n % 977).append(".5\",\"context\":\"Sample.Periodic\",\"format\":\"Raw\",\"measurand\":\"")
                    .append(m[0]).append("\",\"location\":\"Outlet\",\"unit\":\"").append(m[1]).append('"')
                    .append(m[2].isEmpty() ? "" : ",\"phase\":\"" + m[2] + '"').append('}');
        }
        return "[2,\"" + Integer.toString(n, 36) + "\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":" + n % 10_000
                + ",\"meterValue\":[{\"timestamp\":\"2026-12-02T10:00:00.000Z\",\"sampledValue\":[" + values + "]}]}]";
    }
}
