package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the server sets on an H2 database at start-up. */
class H2SettingsTest extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void everyIdentityColumnCachesAThousandValues() {
        // so inserts do not store the whole database every 32 ids
        String identities = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA() AND IS_IDENTITY = 'YES'";
        assertThat(jdbc.sql(identities).query(Integer.class).single()).isGreaterThan(10);
        assertThat(jdbc.sql(identities + " AND IDENTITY_CACHE < ?").param(H2Settings.CACHE).query(Integer.class).single()).isZero();
    }

    @Test
    void anH2FileOpenedWithH2sWriteDelayWritesEveryCommitAllTheSame() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Connection open = DriverManager.getConnection(url)) { // the database stays open, as with the server's pool
            assertThat(writeDelay(open)).isEqualTo("500"); // H2's default: a commit reaches the file up to half a second later
            migrate(url);
            assertThat(writeDelay(open)).isEqualTo("0");
        }
    }

    @Test
    void anInMemoryDatabaseIsLeftAlone() throws SQLException {
        String url = "jdbc:h2:mem:" + dir.getFileName() + ";WRITE_DELAY=500"; // nothing to lose in a crash
        try (Connection open = DriverManager.getConnection(url)) {
            assertThat(writeDelay(open)).isEqualTo("500");
            migrate(url);
            assertThat(writeDelay(open)).isEqualTo("500");
        }
    }

    private static void migrate(String url) {
        Flyway.configure().dataSource(url, "", "").locations("classpath:no-migrations-here").callbacks(new H2Settings())
                .load().migrate();
    }

    private static String writeDelay(Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
