package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.AppClient;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import tools.jackson.databind.JsonNode;

/**
 * A driver app against an emulated OCPP 1.6 station, over real HTTP and WebSocket: it starts and
 * stops charging with its token, follows the live power on the WebSocket while it charges, and
 * lists its own session; another driver sharing the station sees and controls none of it.
 */
class AppChargingTest extends ServerTest {

    private static final String PASSWORD = "correct-horse-9";
    /** Generous: the machine running the suite may be busy. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Emulator emulator;
    private ChargePoint cp;
    private String station;
    private String tag;
    private AppClient driver;
    private AppClient neighbour;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulators.create(port);
        station = unique("APP");
        tag = unique("TAG", 20);
        String name = unique("drv");
        String other = unique("nbr");
        // the driver may use EVSE 1; the neighbour both EVSEs of the station, with a tag of its own
        AppClient.createUser(api(), name, PASSWORD, "driver", "[\"" + tag + "\"]", "[{\"stationId\":\"" + station + "\",\"evseId\":1}]");
        AppClient.createUser(api(), other, PASSWORD, "driver", "[\"" + unique("TAG", 20) + "\"]",
                "[{\"stationId\":\"" + station + "\",\"evseId\":0}]");
        driver = AppClient.logIn(api(), name, PASSWORD);
        neighbour = AppClient.logIn(api(), other, PASSWORD);
        cp = emulator.add(Emulators.folder(dir, station, 2, Map.of()), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        await().atMost(WAIT).until(() -> "Available".equals(status(driver, 1)));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aDriverStartsFollowsAndStopsItsChargingWithItsToken() throws Exception {
        var live = new LiveClient();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/app/v1/live?token=" + driver.token()), live).get();
        await().atMost(WAIT).until(() -> live.values().anyMatch(v -> v.get("evseId").asInt() == 1)); // the snapshot on connect

        cp.plugIn(1, new Ev(EvCatalog.FAMILY, 30, 100)).get();
        await().atMost(WAIT).until(() -> "Preparing".equals(status(driver, 1)));
        var started = driver.post("/api/app/v1/charge-points/" + station + "/1/start", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("status").asString()).isEqualTo("Accepted");
        await().atMost(WAIT).until(() -> cp.connector(1).transactionId() != null);
        int tx = cp.connector(1).transactionId();

        // live power of its own session, pushed while it charges
        await().atMost(WAIT).until(() -> live.values().anyMatch(v -> v.get("evseId").asInt() == 1
                && v.path("powerW").asDouble(0) > 1000 && v.path("session").path("transactionId").asLong(-1) == tx));
        JsonNode mine = chargePoint(driver, 1);
        assertThat(mine.get("session").get("transactionId").asLong()).isEqualTo(tx);
        assertThat(mine.get("powerW").asDouble()).isPositive();
        // the neighbour sees the EVSE busy, but not whose session it is, and cannot stop it
        await().atMost(WAIT).until(() -> "Charging".equals(chargePoint(neighbour, 1).get("status").asString()));
        assertThat(chargePoint(neighbour, 1).get("session").isNull()).isTrue();
        assertThat(neighbour.post("/api/app/v1/charge-points/" + station + "/1/stop", "{}").status()).isEqualTo(403);
        // the driver's token does not reach EVSE 2
        assertThat(driver.post("/api/app/v1/charge-points/" + station + "/2/start", "{}").status()).isEqualTo(403);
        assertThat(driver.get("/api/app/v1/charge-points").json().valueStream().map(c -> c.get("evseId").asInt())).containsExactly(1);

        var stopped = driver.post("/api/app/v1/charge-points/" + station + "/1/stop", "{}");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("status").asString()).isEqualTo("Accepted");
        await().atMost(WAIT).until(() -> cp.connector(1).transactionId() == null);
        await().atMost(WAIT).until(() -> live.values().anyMatch(v -> v.get("evseId").asInt() == 1 && v.get("session").isNull()
                && "Finishing".equals(v.path("status").asString())));

        // its session, through its tag; the neighbour's list stays empty
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode sessions = driver.get("/api/app/v1/sessions?limit=10").json();
            assertThat(sessions.size()).isEqualTo(1);
            assertThat(sessions.get(0).get("transactionId").asLong()).isEqualTo(tx);
            assertThat(sessions.get(0).get("idTag").asString()).isEqualTo(tag);
            assertThat(sessions.get(0).get("energyWh").asLong()).isPositive();
        });
        assertThat(driver.get("/api/app/v1/sessions?open=true").json().size()).isEqualTo(1); // still plugged in
        assertThat(driver.get("/api/app/v1/sessions?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z").json().size()).isZero();
        assertThat(neighbour.get("/api/app/v1/sessions").json().size()).isZero();
        assertThat(api().get("/api/v1/audit?action=charging.stop").json().valueStream().map(e -> e.get("target").asString()))
                .contains(station + "/1");
        assertThat(api().get("/actuator/prometheus").body()).contains("ladewerk_app_live_clients");

        // revoking the token closes its live connection and fails its calls
        assertThat(driver.delete("/api/app/v1/tokens/" + driver.tokenId()).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> live.closed);
        assertThat(driver.get("/api/app/v1/me").status()).isEqualTo(401);
        socket.abort();
    }

    @Test
    void theLiveSocketWantsAValidToken() {
        var refused = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/app/v1/live?token=lwt_nope"), new LiveClient());
        assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        var header = new LiveClient();
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + neighbour.token())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/app/v1/live"), header).join();
        await().atMost(WAIT).until(() -> header.values().filter(v -> v.get("stationId").asString().equals(station)).count() == 2);
    }

    @Test
    void startAndStopReachAnOcpp201StationInItsOwnVersion() throws Exception {
        String id = unique("APP2");
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("configuration.json"), """
                {"OcppVersion": "2.0.1", "ChargePointVendor": "Ladewerk", "ChargePointModel": "AC", "ChargePointSerialNumber": "SN-%s",
                 "ChargePointSoftwareVersion": "1", "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                 "Evses": [{"evseId": 1, "power": 11000, "connectors": [{"connectorId": 1, "type": "sType2"}]}],
                 "ConfigurationKeys": {"MeterValueSampleInterval": {"value": "1", "readonly": false}}}
                """.formatted(id, port));
        ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
        station.start();
        await().atMost(WAIT).until(() -> "Accepted".equals(station.registration()));
        String name = unique("drv");
        String myTag = unique("TAG", 20);
        AppClient.createUser(api(), name, PASSWORD, "driver", "[\"" + myTag + "\"]", "[{\"stationId\":\"" + id + "\",\"evseId\":1}]");
        AppClient app = AppClient.logIn(api(), name, PASSWORD);

        var started = app.post("/api/app/v1/charge-points/" + id + "/1/start", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("status").asString()).isEqualTo("Accepted");
        await().atMost(WAIT).until(() -> station.transactionId(1).isPresent());
        await().atMost(WAIT).untilAsserted(() -> assertThat(app.get("/api/app/v1/charge-points").json().get(0).path("session").path("transactionId")
                .isNumber()).isTrue());
        var stopped = app.post("/api/app/v1/charge-points/" + id + "/1/stop", "{}");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("status").asString()).isEqualTo("Accepted");
        await().atMost(WAIT).until(() -> station.transactionId(1).isEmpty());
        JsonNode tx = api().get("/api/v1/transactions?stationId=" + id).json().get(0);
        assertThat(tx.get("idTag").asString()).isEqualTo(myTag);
        assertThat(tx.get("open").asBoolean()).isFalse();
    }

    private String status(AppClient app, int evse) {
        JsonNode cp = chargePoint(app, evse);
        return cp == null ? null : cp.path("status").asString(null);
    }

    private JsonNode chargePoint(AppClient app, int evse) {
        return app.get("/api/app/v1/charge-points").json().valueStream()
                .filter(c -> c.get("stationId").asString().equals(station) && c.get("evseId").asInt() == evse).findFirst().orElse(null);
    }

    /** Collects the live values a client receives. */
    static final class LiveClient implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        volatile boolean closed;

        java.util.stream.Stream<JsonNode> values() {
            return received.stream();
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(Json.mapper().readTree(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed = true;
        }
    }
}
