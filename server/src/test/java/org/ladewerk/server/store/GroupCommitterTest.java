package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Group commit: many units per transaction, and one failing unit does not take its neighbours down. */
class GroupCommitterTest extends ServerTest {

    @Autowired
    GroupCommitter store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void failingUnitFailsAloneAndTheOthersAreCommitted() throws Exception {
        String prefix = unique("gc");
        List<CompletableFuture<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            units.add(store.submit(tx -> {
                if (n == 25) throw new IllegalStateException("unit 25 fails");
                tx.insertLater("INSERT INTO maintenance_status (station_id, kind, status, received_at) VALUES (?, 'firmware', 'Idle', CURRENT_TIMESTAMP)",
                        prefix + n);
                return n;
            }));
        }
        for (int i = 0; i < 50; i++) {
            var f = units.get(i);
            if (i == 25) {
                assertThat(f).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingRootCause().withMessage("unit 25 fails");
            } else {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
        int stored = jdbc.sql("SELECT COUNT(*) FROM maintenance_status WHERE station_id LIKE ?").param(prefix + "%").query(Integer.class).single();
        assertThat(stored).isEqualTo(49);
    }

    @Test
    void aUnitSeesTheWritesOfEarlierUnitsInTheSameBatch() {
        String id = unique("gc");
        var insert = store.submit(tx -> tx.jdbc().sql("INSERT INTO id_tag (id_tag, status, created_at, updated_at) VALUES (?, 'Accepted', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param(id.substring(0, Math.min(id.length(), 20))).update());
        var read = store.submit(tx -> tx.jdbc().sql("SELECT COUNT(*) FROM id_tag WHERE id_tag = ?")
                .param(id.substring(0, Math.min(id.length(), 20))).query(Integer.class).single());
        assertThat(insert.join()).isEqualTo(1);
        assertThat(read.join()).isEqualTo(1);
    }

    @Test
    void failureIsReportedNotSwallowed() {
        var f = store.submit(tx -> tx.jdbc().sql("INSERT INTO no_such_table VALUES (1)").update());
        assertThat(f).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().isInstanceOf(java.util.concurrent.ExecutionException.class);
    }
}
