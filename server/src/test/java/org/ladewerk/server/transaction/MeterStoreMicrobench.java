package org.ladewerk.server.transaction;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The storage step of MeterValues alone, layouts and engines side by side: the same MeterValues
 * (9 sampled values each, 10,000 transactions interleaved as in the benchmark) inserted in group
 * commits, as a row per sampled value on H2 (meter_sample, schema V6), as a row per MeterValue element
 * on H2 (meter_value, what the server stores), and as that same row on SQLite (WAL, synchronous=NORMAL,
 * which like H2's WRITE_DELAY=0 survives a killed process), the embedded alternative issue 11 asked to
 * measure. Reports process CPU time per MeterValues, which a busy shared machine disturbs far less than
 * wall time. Not a test; run by hand: {@code java -cp <test classpath>
 * org.ladewerk.server.transaction.MeterStoreMicrobench [meterValues [group]]} (at 5,000 MeterValues/s
 * the server's group commits held 36 on average, per {@code ladewerk.writer.batch.size}; saturated, up
 * to the 1,000 they may hold).
 */
public final class MeterStoreMicrobench {

    private static final int TRANSACTIONS = 10_000;

    private enum Layout { H2_ROW_PER_SAMPLE, H2_ROW_PER_ELEMENT, SQLITE_ROW_PER_ELEMENT }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int group = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        for (int round = 0; round < 2; round++)
            for (Layout layout : Layout.values())
                System.out.printf("round %d, %s, groups of %d: %s%n", round, layout, group, run(count, group, layout));
    }

    private static String run(int count, int group, Layout layout) throws Exception {
        Path dir = Files.createTempDirectory("meter-bench");
        boolean sqlite = layout == Layout.SQLITE_ROW_PER_ELEMENT;
        boolean perSample = layout == Layout.H2_ROW_PER_SAMPLE;
        var db = sqlite ? new SingleConnectionDataSource("jdbc:sqlite:" + dir.resolve("db.sqlite"), true)
                : new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0", "sa", "", true);
        var jdbc = new JdbcTemplate(db);
        if (sqlite) {
            jdbc.execute("PRAGMA journal_mode=WAL");
            jdbc.execute("PRAGMA synchronous=NORMAL");
            // meter_value as V7 creates it; SQLite has no timestamp type, so sampled_at is epoch milliseconds
            jdbc.execute("""
                    CREATE TABLE meter_value (station_id TEXT NOT NULL, evse_id INTEGER NOT NULL, transaction_id INTEGER,
                      sampled_at INTEGER NOT NULL, register_wh REAL, power_w REAL, samples TEXT NOT NULL)""");
            jdbc.execute("CREATE INDEX meter_value_transaction ON meter_value (transaction_id, sampled_at)");
        } else {
            var flyway = Flyway.configure().dataSource(db).locations("classpath:db/migration");
            (perSample ? flyway.target("6") : flyway).load().migrate();
        }
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int done = 0; done < count; done += group) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + group); i++) {
                long transaction = i % TRANSACTIONS;
                List<MeterSample> samples = samples(start.plusSeconds(i / TRANSACTIONS), i);
                Instant at = samples.getFirst().timestamp();
                if (perSample) {
                    for (MeterSample s : samples)
                        rows.add(new Object[] {"BENCH-" + transaction, 1, transaction, s.timestamp().atOffset(ZoneOffset.UTC), s.measurand(),
                                s.phase(), s.unit(), s.context(), s.location(), s.signed(), s.value(), s.numericValue(), s.signedData()});
                } else {
                    rows.add(new Object[] {"BENCH-" + transaction, 1, transaction, sqlite ? at.toEpochMilli() : at.atOffset(ZoneOffset.UTC),
                            MeterValueCodec.registerWh(samples), MeterValueCodec.powerW(samples), MeterValueCodec.encode(samples)});
                }
            }
            tx.executeWithoutResult(s -> jdbc.batchUpdate(perSample ? """
                    INSERT INTO meter_sample (station_id, evse_id, transaction_id, sampled_at, measurand, phase, unit, context,
                      location, signed, value_text, value_num, signed_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""" : """
                    INSERT INTO meter_value (station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", rows));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        db.destroy();
        long bytes;
        try (var files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return String.format("%,d MeterValues: %.1f s wall (%,.0f/s), %.1f s CPU = %.1f µs CPU per MeterValues, file %,d KB; load %s",
                count, seconds, count / seconds, cpu, cpu * 1e6 / count, bytes / 1024, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** What the load generator sends: energy register, power, current and voltage per phase, SoC. */
    private static List<MeterSample> samples(Instant at, int i) {
        var s = new ArrayList<MeterSample>();
        s.add(new MeterSample(at, Integer.toString(10_000 + i), "Energy.Active.Import.Register", null, "Wh", "Sample.Periodic", "Outlet", false, null));
        s.add(new MeterSample(at, "11000", "Power.Active.Import", null, "W", "Sample.Periodic", "Outlet", false, null));
        for (String phase : List.of("L1", "L2", "L3")) {
            s.add(new MeterSample(at, "16.0", "Current.Import", phase, "A", "Sample.Periodic", "Outlet", false, null));
            s.add(new MeterSample(at, "230.1", "Voltage", phase + "-N", "V", "Sample.Periodic", "Outlet", false, null));
        }
        s.add(new MeterSample(at, "57", "SoC", null, "Percent", "Sample.Periodic", "EV", false, null));
        return s;
    }
}
