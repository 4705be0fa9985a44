package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/** Locked-down admission: unknown ids refused at the handshake, security profile 1 passwords. */
@TestPropertySource(properties = "ladewerk.ocpp.unknown-stations=reject")
class AdmissionTest extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    private TestStation connect(String id, String user, String password) {
        String auth = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), "ocpp1.6", auth);
    }

    private void assertRefused(String id, String user, String password, int status) {
        assertThatThrownBy(() -> connect(id, user, password)).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.getResponse().statusCode()).isEqualTo(status));
    }

    @Test
    void unknownStationIsRefusedWith404AndAdmittedOnceRegistered() {
        String id = unique("cp");
        assertRefused(id, null, null, 404);
        assertThat(api().put("/api/v1/stations/" + id, "{}").status()).isEqualTo(201);
        try (var station = connect(id, null, null)) {
            assertThat(station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"))
                    .get("status").asString()).isEqualTo("Accepted");
        }
    }

    @Test
    void passwordProtectedStationNeedsItsBasicCredentials() {
        String id = unique("cp");
        String password = "correct-horse-battery";
        assertThat(api().put("/api/v1/stations/" + id, "{\"password\":\"" + password + "\"}").status()).isEqualTo(201);
        assertThat(api().get("/api/v1/stations/" + id).body()).doesNotContain(password).contains("\"passwordSet\":true");
        assertRefused(id, null, null, 401);
        assertRefused(id, id, "wrong-password-0000", 401);
        assertRefused(id, "someone-else", password, 401);
        for (int i = 0; i < 2; i++) {
            try (var station = connect(id, id, password)) {
                assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            }
        }
        api().put("/api/v1/stations/" + id, "{\"password\":\"another-password-123\"}");
        assertRefused(id, id, password, 401);
    }

    @Test
    void aPasswordStoredAsBcryptByAnOlderVersionIsReplacedAtTheNextConnect() {
        String id = unique("cp");
        String password = "correct-horse-battery";
        api().put("/api/v1/stations/" + id, "{}");
        String old = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(password);
        jdbc.sql("UPDATE station SET password_hash = ? WHERE id = ?").params(old, id).update();

        assertRefused(id, id, "wrong-password-0000", 401);
        assertThat(storedHash(id)).isEqualTo(old);
        try (var station = connect(id, id, password)) {
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
        }
        assertThat(storedHash(id)).startsWith("{pbkdf2-sha256-1}");
        try (var station = connect(id, id, password)) {
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
        }
        assertRefused(id, id, "wrong-password-0000", 401);
    }

    private String storedHash(String id) {
        return jdbc.sql("SELECT password_hash FROM station WHERE id = ?").param(id).query(String.class).single();
    }

    @Test
    void registrationStatusDecidesTheBootAnswer() {
        String id = unique("cp");
        api().put("/api/v1/stations/" + id, "{\"registrationStatus\":\"Pending\"}");
        try (var station = connect(id, null, null)) {
            var boot = station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            assertThat(boot.get("status").asString()).isEqualTo("Pending");
            assertThat(boot.get("interval").asInt()).isEqualTo(60);
            api().put("/api/v1/stations/" + id, "{\"registrationStatus\":\"Rejected\"}");
            assertThat(station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"))
                    .get("status").asString()).isEqualTo("Rejected");
        }
    }

    @Test
    void shortPasswordsAreRejected() {
        assertThat(api().put("/api/v1/stations/" + unique("cp"), "{\"password\":\"short\"}").status()).isEqualTo(400);
    }
}
