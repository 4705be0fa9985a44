package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.RunningServer;
import org.springframework.jdbc.core.JdbcTemplate;

/** What retention deletes is given back: the H2 file shrinks at shutdown. */
class CompactionTest {

    @Test
    void theH2FileShrinksAfterDeletesWhenTheServerStops(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ladewerk.mv.db");
        try (var server = RunningServer.start(Map.of("ladewerk.data-dir", dir.toString(),
                "spring.datasource.url", "jdbc:h2:file:" + dir.resolve("ladewerk") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"))) {
            var jdbc = server.context().getBean(JdbcTemplate.class);
            String frame = "x".repeat(10_000);
            for (int batch = 0; batch < 20; batch++) {
                jdbc.batchUpdate("INSERT INTO station_report (station_id, action, payload, received_at) VALUES ('cp', 'NotifyReport', ?, CURRENT_TIMESTAMP)",
                        java.util.Collections.nCopies(200, new Object[] {frame + batch}));
            }
            jdbc.execute("CHECKPOINT SYNC");
            long full = Files.size(file);
            jdbc.update("DELETE FROM station_report"); // what a retention job does with old rows
            jdbc.execute("CHECKPOINT SYNC");
            System.out.printf("CompactionTest: H2 file %d bytes with 4,000 rows of 10 kB, %d after deleting them%n", full, Files.size(file));
            assertThat(full).isGreaterThan(20_000_000L);
        }
        long after = Files.size(file);
        System.out.printf("CompactionTest: H2 file %d bytes after shutdown%n", after);
        assertThat(after).isLessThan(5_000_000L);
    }
}
