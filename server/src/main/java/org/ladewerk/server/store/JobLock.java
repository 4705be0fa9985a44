package org.ladewerk.server.store;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A lease per scheduled job in the {@code job_lock} table, so a job that must run on one node at a time
 * (the CSV archive, the EMM status push and settings sync) does, with several nodes on one database.
 * Taking it is one conditional UPDATE (or the first INSERT); a node that dies lets its lease run out.
 */
@Component
public class JobLock {

    private final JdbcClient jdbc;
    private final String node = UUID.randomUUID().toString();

    public JobLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this node holds {@code name} for {@code lease} from now (taken or renewed). */
    public boolean tryHold(String name, Duration lease) {
        Instant now = Instant.now();
        int taken = jdbc.sql("UPDATE job_lock SET holder = ?, held_until = ? WHERE name = ? AND (holder = ? OR held_until < ?)")
                .params(node, ts(now.plus(lease)), name, node, ts(now)).update();
        if (taken == 1) return true;
        try {
            return jdbc.sql("INSERT INTO job_lock (name, holder, held_until) VALUES (?, ?, ?)")
                    .params(name, node, ts(now.plus(lease))).update() == 1;
        } catch (DuplicateKeyException e) {
            return false; // another node holds it
        }
    }

    public void release(String name) {
        jdbc.sql("UPDATE job_lock SET held_until = ? WHERE name = ? AND holder = ?").params(ts(Instant.EPOCH), name, node).update();
    }
}
