package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2 only: meter_value gets an id that orders its rows by insertion (the writer numbers them), and its index moves into
 * meter_value_index, which {@link org.ladewerk.server.transaction.MeterIndex} fills behind the writer
 * (see there why). The existing rows keep their H2 row ids as ids and are all indexed at once.
 * PostgreSQL keeps its ordinary index.
 */
public class V39__h2_deferred_meter_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) return;
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE meter_value_keyed (
                        id               BIGINT PRIMARY KEY,
                        station_id       VARCHAR(255) NOT NULL,
                        evse_id          INTEGER      NOT NULL,
                        transaction_id   BIGINT,
                        sampled_at       TIMESTAMP WITH TIME ZONE NOT NULL,
                        register_wh      DOUBLE PRECISION,
                        power_w          DOUBLE PRECISION,
                        samples          VARCHAR(1000000) NOT NULL
                    )""");
            s.execute("""
                    INSERT INTO meter_value_keyed (id, station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
                    SELECT _ROWID_, station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples FROM meter_value
                    ORDER BY _ROWID_""");
            s.execute("DROP TABLE meter_value");
            s.execute("ALTER TABLE meter_value_keyed RENAME TO meter_value");
            s.execute("""
                    CREATE TABLE meter_value_index (
                        transaction_id BIGINT NOT NULL,
                        sampled_at     TIMESTAMP WITH TIME ZONE NOT NULL,
                        id             BIGINT NOT NULL,
                        PRIMARY KEY (transaction_id, sampled_at, id)
                    )""");
            s.execute("""
                    INSERT INTO meter_value_index (transaction_id, sampled_at, id)
                    SELECT transaction_id, sampled_at, id FROM meter_value WHERE transaction_id IS NOT NULL""");
            s.execute("CREATE TABLE meter_value_indexed (up_to BIGINT NOT NULL)");
            s.execute("INSERT INTO meter_value_indexed (up_to) SELECT COALESCE(MAX(id), 0) FROM meter_value");
        }
    }
}
