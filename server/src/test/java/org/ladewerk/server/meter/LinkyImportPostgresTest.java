package org.ladewerk.server.meter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The import's SQL (leases, markers, upserts, tokens, consent states) on a real PostgreSQL: the
 * consent flow and the restart in the middle of a backfill. The other scenarios use the same
 * statements and run on H2 only, to keep the suite's time down.
 */
class LinkyImportPostgresTest extends LinkyImportTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private String database;

    /** A database of its own per test, kept across the test's restart. */
    @Override
    protected Map<String, Object> database() {
        if (database == null) {
            database = "linky_" + Long.toHexString(System.nanoTime());
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return Map.of("spring.datasource.url", postgres.getJdbcUrl("postgres", database),
                "spring.datasource.username", "postgres", "spring.datasource.password", "");
    }

    @Override
    @Test
    @Disabled("same SQL as the restart scenario; runs on H2")
    void backfillsInLegalWindowsThenFetchesOnlyNewDays() {}

    @Override
    @Test
    @Disabled("same SQL as the restart scenario; runs on H2")
    void oneFailingMeterDoesNotStopTheOthers() {}

    @Override
    @Test
    @Disabled("same SQL as the restart scenario; runs on H2")
    void tokensAreRefreshedBeforeExpiryAndAnExpiredConsentIsShown() {}
}
