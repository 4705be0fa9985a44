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
 * What an H2 database needs from the server at start-up, after every migration (so tables added later are
 * covered too) and before the server takes connections. PostgreSQL is left alone.
 * <p>
 * Every identity column gets a cache of {@value #CACHE} values. H2 writes a sequence's position down each
 * time its cache runs out (every 32 values by default) in a commit of its own, and with {@code WRITE_DELAY=0}
 * that commit stores every page changed so far, in the middle of the group commit's batch; in a boot storm
 * of 19,000 stations and their StartTransactions this was 14-18 % of the writer's time. A crash skips at
 * most the cached values, a gap in the ids as any sequence may leave. (PostgreSQL caches per connection, so
 * ids of one table would no longer follow insertion order.)
 * <p>
 * An H2 file writes every commit to the file before the commit returns ({@code WRITE_DELAY=0}), whatever
 * the URL says: the default URL sets it, and a URL of one's own without it would run with H2's 500 ms, so a
 * crash would lose what stations were already told is stored. H2 reads the setting from the URL at every open.
 */
@Component
class H2Settings implements Callback {

    static final long CACHE = 1000;

    private static final Logger log = LoggerFactory.getLogger(H2Settings.class);

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
            cacheIdentities(c);
            if (Sql.isH2File(c.getMetaData().getURL())) writeEveryCommit(c);
        } catch (SQLException e) {
            throw new FlywayException("could not apply the H2 settings: " + e.getMessage(), e);
        }
    }

    private static void cacheIdentities(Connection c) throws SQLException {
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
    }

    private static void writeEveryCommit(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            String delay;
            try (var rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                delay = rs.next() ? rs.getString(1) : null;
            }
            if ("0".equals(delay)) return;
            s.execute("SET WRITE_DELAY 0");
            log.warn("the H2 database was opened with WRITE_DELAY={} ms; set to 0, so that every commit is in the file before "
                    + "a station is answered (add ;WRITE_DELAY=0 to spring.datasource.url)", delay);
        }
    }

    @Override
    public String getCallbackName() {
        return "h2-settings";
    }
}
