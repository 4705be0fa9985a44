package org.ladewerk.server.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A started server on a random port with its own in-memory database; tests sharing it reuse one context. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
        "ladewerk.ocpp.response-timeout=2s",
        // the CSV archive writes to the data directory; tests that want it start their own server with a temp one
        "ladewerk.charging-data.archive=false",
        // every test calls from 127.0.0.1, and awaits poll the app API far faster than any app would
        "ladewerk.app.rate-per-address=1000000"})
public abstract class ServerTest {

    @LocalServerPort
    protected int port;

    protected Api api() {
        return new Api(port);
    }

    protected TestStation station(String id) {
        return TestStation.connect(port, id);
    }

    /**
     * {@code prefix-} and ten base-36 characters, different on every call and of the same length on
     * every machine (not derived from the clock or uptime: a nanoTime suffix is shorter on a freshly
     * booted machine, which broke fixed cuts).
     */
    protected static String unique(String prefix) {
        return UniqueIds.next(prefix);
    }

    /** {@link #unique(String)} cut to at most {@code maxLength} characters, keeping the changing tail (e.g. 20 for an OCPP id tag). */
    protected static String unique(String prefix, int maxLength) {
        return UniqueIds.next(prefix, maxLength);
    }
}
