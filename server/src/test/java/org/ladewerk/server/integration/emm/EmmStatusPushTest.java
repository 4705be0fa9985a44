package org.ladewerk.server.integration.emm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.status.StatusSnapshot;
import org.ladewerk.server.store.JobLock;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two nodes on one database: only the holder of the job lock pushes the status, and another takes over when it lets go. */
class EmmStatusPushTest extends ServerTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StatusSnapshot snapshot;
    @Autowired
    EmmLink link;
    @Autowired
    LadewerkProperties properties;

    /** An EMM that counts status posts; the other calls are not part of this test. */
    private static EmmClient counting(AtomicInteger posts) {
        return new EmmClient() {
            public CompletableFuture<Answer> postSession(String json, String key) { throw new UnsupportedOperationException(); }
            public CompletableFuture<Answer> postStatus(byte[] json) {
                posts.incrementAndGet();
                return CompletableFuture.completedFuture(new Answer(200, "{}", null));
            }
            public CompletableFuture<Answer> getSettings(String stationId) { throw new UnsupportedOperationException(); }
            public CompletableFuture<Answer> putSettings(String stationId, String json) { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    void onlyTheLockHolderPushesAndAnotherNodeTakesOver() {
        var postsA = new AtomicInteger();
        var postsB = new AtomicInteger();
        var lockA = new JobLock(jdbc);
        var nodeA = new EmmStatusPush(counting(postsA), snapshot, link, lockA, properties);
        var nodeB = new EmmStatusPush(counting(postsB), snapshot, link, new JobLock(jdbc), properties);

        nodeA.pushOnOneNode();
        nodeB.pushOnOneNode();
        nodeA.pushOnOneNode(); // renewed (sent again only if a station changed meanwhile)
        assertThat(postsA.get()).isPositive();
        assertThat(postsB).hasValue(0);

        lockA.release("emm-status"); // node A stops
        int byA = postsA.get();
        nodeB.pushOnOneNode();
        nodeA.pushOnOneNode();
        assertThat(postsB).as("B took over and pushed its snapshot at once").hasValue(1);
        assertThat(postsA).as("A no longer pushes").hasValue(byA);
    }
}
