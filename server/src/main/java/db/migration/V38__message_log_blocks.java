package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.ladewerk.server.messagelog.TableFrameStore;

/**
 * The message log's table keeps blocks of deflated frames instead of a row per frame (see
 * {@link TableFrameStore}); the frames logged so far are moved into blocks. In Java because the
 * blocks are encoded by the same code the server writes them with.
 */
public class V38__message_log_blocks extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String binary = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? "BYTEA" : "VARBINARY";
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE message_log_block (
                        bucket      INTEGER NOT NULL,
                        min_id      BIGINT  NOT NULL,
                        max_id      BIGINT  NOT NULL,
                        logged_to   TIMESTAMP WITH TIME ZONE NOT NULL,
                        bloom       %1$s NOT NULL,
                        raw_length  INTEGER NOT NULL,
                        frames      %1$s NOT NULL
                    )""".formatted(binary));
            s.execute("CREATE INDEX message_log_block_bucket ON message_log_block (bucket, max_id)");
            s.execute("CREATE INDEX message_log_block_time ON message_log_block (logged_to)");
            s.execute("CREATE TABLE message_log_removed (station_id VARCHAR(255) NOT NULL, up_to_id BIGINT NOT NULL)");
            s.execute("CREATE INDEX message_log_removed_station ON message_log_removed (station_id)");
            TableFrameStore.convertRows(c);
            s.execute("DROP TABLE message_log");
        }
    }
}
