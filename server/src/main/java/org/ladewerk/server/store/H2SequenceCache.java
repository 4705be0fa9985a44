package org.ladewerk.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives every identity column of an H2 database a cache of {@value #CACHE} values. H2 writes a
 * sequence's position down each time its cache runs out (every 32 values by default) in a commit of
 * its own, and with {@code WRITE_DELAY=0} that commit stores every page changed so far, in the middle
 * of the group commit's batch; in a boot storm of 19,000 stations and their StartTransactions this
 * was 14-18 % of the writer's time. A crash skips at most the cached values, a gap in the ids as any
 * sequence may leave. Runs after every migration, so tables added later get it too. PostgreSQL is
 * left alone: it caches per connection, so ids of one table would no longer follow insertion order.
 */
@Component
class H2SequenceCache implements Callback {

    static final long CACHE = 1000;

    private static final Logger log = LoggerFactory.getLogger(H2SequenceCache.class);

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection c = context.getConnection();
        try {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) return;
            List<String> columns = new ArrayList<>();
            try (var select = c.prepareStatement("""
                    SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS
                    WHERE TABLE_SCHEMA = SCHEMA() AND IS_IDENTITY = 'YES' AND IDENTITY_CACHE < ?""")) {
                select.setLong(1, CACHE);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) columns.add("ALTER TABLE \"" + rs.getString(1) + "\" ALTER COLUMN \"" + rs.getString(2) + "\" SET CACHE " + CACHE);
                }
            }
            try (var alter = c.createStatement()) {
                for (String sql : columns) alter.execute(sql);
            }
            if (!columns.isEmpty()) log.info("identity columns given a cache of {} values: {}", CACHE, columns.size());
        } catch (SQLException e) {
            throw new FlywayException("could not set the H2 identity caches: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "h2-sequence-cache";
    }
}
