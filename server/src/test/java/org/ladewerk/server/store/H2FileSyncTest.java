package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** With {@code ladewerk.store.h2-sync} a station is answered only once its group commit is on the disk: H2 alone never forces its file. */
class H2FileSyncTest {

    /** fsyncs of H2 files opened through the "forcecount:" file system. */
    static final AtomicInteger FORCES = new AtomicInteger();
    /** Makes every force fail, as a disk that went away. */
    static volatile boolean failForce;

    static {
        FilePath.register(new ForceCountingPath());
    }

    @TempDir
    Path dir;

    private GroupCommitter committer;
    /** Keeps the database open between the pool-less data source's connections, as the server's pool does. */
    private Connection open;

    @AfterEach
    void stop() throws SQLException {
        failForce = false;
        if (committer != null) committer.stop();
        if (open != null) open.close();
    }

    @Test
    void aGroupCommitIsForcedToTheDiskBeforeItsUnitsComplete() throws Exception {
        var store = groupCommitter(Map.of("ladewerk.store.h2-sync", "true"));
        int before = FORCES.get();
        var forcesSeenAtCompletion = store.submit(tx -> tx.jdbc().sql("INSERT INTO t VALUES (1)").update())
                .thenApply(rows -> FORCES.get());
        assertThat(forcesSeenAtCompletion.get(10, TimeUnit.SECONDS)).isGreaterThan(before);
    }

    @Test
    void byDefaultTheCommitIsLeftToTheOperatingSystem() throws Exception {
        var store = groupCommitter(Map.of());
        int before = FORCES.get();
        store.submit(tx -> tx.jdbc().sql("INSERT INTO t VALUES (1)").update()).get(10, TimeUnit.SECONDS);
        assertThat(FORCES.get()).isEqualTo(before); // H2 commits without an fsync of its own
    }

    @Test
    void aFailedSyncFailsTheBatchWithoutStoringItsUnitsTwice() throws Exception {
        var store = groupCommitter(Map.of("ladewerk.store.h2-sync", "true"));
        failForce = true;
        var first = store.submit(tx -> tx.jdbc().sql("INSERT INTO t VALUES (1)").update());
        var second = store.submit(tx -> tx.jdbc().sql("INSERT INTO t VALUES (2)").update());
        for (var unit : List.of(first, second)) {
            assertThat(unit).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingRootCause().withMessage("disk gone");
        }
        failForce = false;
        // committed but not known to be on the disk: the stations retry; running the units again alone would double them
        assertThat(new JdbcTemplate(new SingleConnectionDataSource(open, true)).queryForObject("SELECT COUNT(*) FROM t", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void anInMemoryDatabaseHasNothingToSync() {
        var db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + dir.getFileName());
        new H2FileSync(db, db.getURL(), properties(Map.of("ladewerk.store.h2-sync", "true"))).sync(); // no store lookup, no error
    }

    private GroupCommitter groupCommitter(Map<String, String> settings) throws SQLException {
        var db = new JdbcDataSource();
        db.setURL("jdbc:h2:forcecount:" + dir.resolve("db") + ";WRITE_DELAY=0");
        open = db.getConnection();
        var jdbc = new JdbcTemplate(db);
        jdbc.execute("CREATE TABLE t (n INT)");
        var properties = properties(settings);
        committer = new GroupCommitter(new DataSourceTransactionManager(db), jdbc, properties, new Writers(new SimpleMeterRegistry()),
                new H2FileSync(db, db.getURL(), properties));
        committer.start();
        return committer;
    }

    private static LadewerkProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("ladewerk", LadewerkProperties.class);
    }

    /** H2's file system with every file channel's {@code force} counted. */
    public static final class ForceCountingPath extends FilePathWrapper {
        @Override
        public String getScheme() {
            return "forcecount";
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            return new Counting(getBase().open(mode));
        }
    }

    /** Delegates to the real channel (H2's {@code FileBase} turns positional reads and writes into these). */
    private static final class Counting extends FileBase {
        private final FileChannel base;

        Counting(FileChannel base) {
            this.base = base;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) throw new IOException("disk gone");
            FORCES.incrementAndGet();
            base.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return base.write(src);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
