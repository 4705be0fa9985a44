package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** Station ids decoded as paths, throttled password guessing, and a bound on slow request headers. */
@TestPropertySource(properties = "ladewerk.http.header-timeout=1s")
class AdmissionHardeningTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private TestStation connect(String rawPath, String authorization) {
        return TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + rawPath), "ocpp1.6", authorization);
    }

    private int refusal(String rawPath, String authorization) {
        var failure = new int[1];
        assertThatThrownBy(() -> connect(rawPath, authorization)).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> failure[0] = e.getResponse().statusCode());
        return failure[0];
    }

    private boolean known(String stationId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM station WHERE id = ?", Integer.class, stationId) == 1;
    }

    @Test
    void stationIdsAreDecodedAsPathSegments() {
        String suffix = Long.toHexString(System.nanoTime());
        Map<String, String> paths = Map.of(
                "CP+PLUS-" + suffix, "CP+PLUS-" + suffix,
                "CP%2BENC-" + suffix, "CP+ENC-" + suffix,
                "CP%20SPACE-" + suffix, "CP SPACE-" + suffix,
                "Lades%C3%A4ule-" + suffix, "Ladesäule-" + suffix);
        paths.forEach((raw, id) -> {
            try (var station = connect(raw, null)) {
                assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            }
            assertThat(known(id)).as(raw + " is station '" + id + "'").isTrue();
        });
        assertThat(known("CP PLUS-" + suffix)).isFalse();
        assertThat(refusal("not-utf8%C3", null)).isEqualTo(400);
    }

    @Test
    void wrongStationPasswordsAreThrottledAndTheRightOneGetsInAfterTheLockout() {
        String id = unique("cp-guess");
        String password = "the-right-password-1";
        assertThat(api().put("/api/v1/stations/" + id, "{\"password\":\"" + password + "\"}").status()).isEqualTo(201);
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 6; i++) statuses.add(refusal(id, basic(id, "guess-" + i)));
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.get(5)).as("locked out before the hash is checked").isEqualTo(429);
        assertThat(refusal(id, basic(id, password))).as("the lockout holds for the right password too").isEqualTo(429);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            try (var station = connect(id, basic(id, password))) {
                assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            }
        });
    }

    @Test
    void wrongApiPasswordsAreThrottled() {
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 6; i++) {
            statuses.add(api().send(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("Authorization", basic("intruder", "x" + i))).status());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.get(5)).isEqualTo(429);
        assertThat(api().get("/api/v1/stations").status()).as("the admin is not locked out by someone else's guesses").isEqualTo(200);
    }

    @Test
    void aRequestHeaderSentSlowlyIsCutOff() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/v1/ping HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(1000);
            boolean closed = false;
            // one header line a second, each well inside the idle timeout: only a header deadline ends this
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    closed = in.read() == -1;
                } catch (SocketTimeoutException e) {
                    // still open: send the next line
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("the server closed the connection of the slow header").isTrue();
        }
    }
}
