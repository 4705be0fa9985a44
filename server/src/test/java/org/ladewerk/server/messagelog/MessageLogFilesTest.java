package org.ladewerk.server.messagelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same station-page behaviour with the frames in segment files (H2's default) instead of the table. */
class MessageLogFilesTest extends MessageLogTest {

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("ladewerk.message-log.storage", () -> "files");
        registry.add("ladewerk.data-dir", () -> DATA_DIR);
    }

    private static final String DATA_DIR = dataDir();

    private static String dataDir() {
        try {
            return Files.createTempDirectory("ladewerk-message-log-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
