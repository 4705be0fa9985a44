package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** On H2 every identity column caches its values, so inserts do not store the whole database every 32 ids. */
class H2SequenceCacheTest extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyIdentityColumnCachesAThousandValues() {
        String identities = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA() AND IS_IDENTITY = 'YES'";
        assertThat(jdbc.sql(identities).query(Integer.class).single()).isGreaterThan(10);
        assertThat(jdbc.sql(identities + " AND IDENTITY_CACHE < ?").param(H2SequenceCache.CACHE).query(Integer.class).single()).isZero();
    }
}
