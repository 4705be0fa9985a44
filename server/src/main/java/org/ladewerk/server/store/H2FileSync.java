package org.ladewerk.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Forces an H2 file database to the disk after each group commit, before its stations are answered.
 * H2 writes a commit's chunk into its file before the commit returns ({@code WRITE_DELAY=0}) but does
 * not fsync it: the chunk outlives a crash of the server (kill -9) in the operating system's page cache,
 * not a power loss or a crash of the operating system. PostgreSQL flushes its log at every commit (with
 * {@code synchronous_commit} on, its default); {@code ladewerk.store.h2-sync=true} makes an H2
 * acknowledgement mean the same. One fsync per batch, shared by every message in it (about 0.1 ms on the
 * benchmark machine's disk when nothing else writes; with another writer on the same file system, as a
 * profiler's recording, up to seconds, which is why it is off by default).
 */
@Component
public class H2FileSync {

    private final DataSource dataSource;
    private final boolean enabled;
    private volatile MVStore store;

    H2FileSync(DataSource dataSource, @Value("${spring.datasource.url:}") String url, LadewerkProperties properties) {
        this.dataSource = dataSource;
        this.enabled = Sql.isH2File(url) && properties.store().h2Sync();
    }

    /** Forces everything committed so far to the disk; throws if it could not. */
    void sync() {
        if (!enabled) return;
        MVStore s = store;
        if (s == null || s.isClosed()) store = s = open();
        s.sync();
    }

    private MVStore open() {
        try (Connection c = dataSource.getConnection()) {
            return mvStore(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the H2 store to sync it: " + e.getMessage(), e);
        }
    }

    /** The store under an H2 connection's database (H2's own API: what its SQL does not offer). */
    static MVStore mvStore(Connection c) throws SQLException {
        return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
    }
}
