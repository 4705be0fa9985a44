package org.ladewerk.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migration from a row per sampled value (meter_sample, up to V6) to a row per MeterValue element
 * (meter_value) keeps every sampled value, in order, on H2 and on PostgreSQL.
 */
class MeterValueMigrationTest {

    private static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-01T08:01:00Z");

    @Test
    void existingSamplesAreConvertedOnH2() {
        var h2 = new SingleConnectionDataSource("jdbc:h2:mem:migration-" + System.nanoTime(), true);
        try {
            migrateAndCheck(h2);
        } finally {
            h2.destroy();
        }
    }

    @Test
    void existingSamplesAreConvertedOnPostgres() throws Exception {
        try (var postgres = EmbeddedPostgres.builder().start()) {
            migrateAndCheck(postgres.getPostgresDatabase());
        }
    }

    private static void migrateAndCheck(DataSource db) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("6").load().migrate();
        var jdbc = new JdbcTemplate(db);
        String insert = """
                INSERT INTO meter_sample (station_id, evse_id, transaction_id, sampled_at, measurand, phase, unit, context, location,
                  signed, value_text, value_num, signed_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        List<MeterSample> tx7 = List.of(
                new MeterSample(T1, "1000", "Energy.Active.Import.Register", null, "Wh", "Transaction.Begin", "Outlet", false, null),
                new MeterSample(T1, "7.2", "Power.Active.Import", null, "kW", "Sample.Periodic", "Outlet", false, null),
                new MeterSample(T1, "16", "Current.Import", "L1", "A", "Sample.Periodic", "Outlet", false, null),
                new MeterSample(T2, "2.5", "Energy.Active.Import.Register", null, "kWh", "Sample.Periodic", "Outlet", false,
                        "{\"signedMeterData\":\"AAEC\",\"signingMethod\":\"ECDSA\"}"),
                new MeterSample(T2, "OCMF|{...}", "Energy.Active.Import.Register", null, "Wh", null, "Outlet", true, null));
        var unlinked = new MeterSample(T1, "230", "Voltage", "L1-N", "V", "Sample.Clock", "Inlet", false, null);
        for (MeterSample s : tx7)
            jdbc.update(insert, "CP-OLD", 1, 7L, s.timestamp().atOffset(ZoneOffset.UTC), s.measurand(), s.phase(), s.unit(), s.context(),
                    s.location(), s.signed(), s.value(), s.numericValue(), s.signedData());
        jdbc.update(insert, "CP-OLD", 2, null, T1.atOffset(ZoneOffset.UTC), unlinked.measurand(), unlinked.phase(), unlinked.unit(),
                unlinked.context(), unlinked.location(), false, unlinked.value(), 230.0, null);

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM meter_value", Integer.class)).as("one row per element").isEqualTo(3);
        var converted = new ArrayList<MeterSample>();
        jdbc.query("SELECT sampled_at, samples FROM meter_value WHERE transaction_id = 7 ORDER BY sampled_at", (RowCallbackHandler) rs ->
                converted.addAll(MeterValueCodec.decode(rs.getObject("sampled_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("samples"))));
        assertThat(converted).containsExactlyElementsOf(tx7);
        assertThat(jdbc.queryForList("SELECT register_wh, power_w FROM meter_value WHERE transaction_id = 7 ORDER BY sampled_at"))
                .extracting(row -> ((Number) row.get("register_wh")).doubleValue(), row -> row.get("power_w") == null ? null : ((Number) row.get("power_w")).doubleValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1000.0, 7200.0), org.assertj.core.groups.Tuple.tuple(2500.0, null));
        String unlinkedRow = jdbc.queryForObject("SELECT samples FROM meter_value WHERE transaction_id IS NULL AND evse_id = 2", String.class);
        assertThat(MeterValueCodec.decode(T1, unlinkedRow)).containsExactly(unlinked);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'meter_sample'", Integer.class))
                .as("the old table is gone").isZero();
    }
}
