package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.ConnectorStatus;
import tools.jackson.databind.JsonNode;

/**
 * Every central-system-initiated OCPP 1.6 operation, sent through the REST command endpoint to an
 * emulated station, with its effect on the station and on what the central system records.
 */
class EmulatorCommandsTest extends ServerTest {

    /** The 19 operations of OCPP 1.6 (core, firmware, local list, reservation, smart charging, remote trigger). */
    private static final Set<String> ALL = Set.of("CancelReservation", "ChangeAvailability", "ChangeConfiguration",
            "ClearCache", "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics",
            "GetLocalListVersion", "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
            "SetChargingProfile", "TriggerMessage", "UnlockConnector", "UpdateFirmware");
    private static final Set<String> answered = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    private Emulator emulator;
    private ChargePoint cp;
    private String id;
    private String tag;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulators.create(port);
        id = unique("EMU");
        tag = unique("TAG");
        assertThat(api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}").status()).isIn(200, 201);
        cp = emulator.add(Emulators.folder(dir, id, 2, Map.of()), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        await().until(() -> "Available".equals(serverStatus(2)));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @AfterAll
    static void everyOperationWasAnswered() {
        assertThat(answered).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void configurationIsReadChangedAndSavedBack() throws Exception {
        JsonNode all = command("GetConfiguration", "{}");
        assertThat(all.get("configurationKey").valueStream().map(k -> k.get("key").asString()).toList())
                .contains("HeartbeatInterval", "MeterValueSampleInterval", "StationIdentity", "ChargePointVendor", "NumberOfConnectors");
        JsonNode some = command("GetConfiguration", "{\"key\":[\"NumberOfConnectors\",\"NoSuchKey\"]}");
        assertThat(some.at("/configurationKey/0/value").asString()).isEqualTo("2");
        assertThat(some.at("/configurationKey/0/readonly").asBoolean()).isTrue();
        assertThat(some.get("unknownKey").get(0).asString()).isEqualTo("NoSuchKey");

        assertThat(command("ChangeConfiguration", "{\"key\":\"MeterValueSampleInterval\",\"value\":\"2\"}").get("status").asString())
                .isEqualTo("Accepted");
        assertThat(command("ChangeConfiguration", "{\"key\":\"ChargePointVendor\",\"value\":\"Other\"}").get("status").asString())
                .isEqualTo("Rejected");
        assertThat(command("ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"soon\"}").get("status").asString())
                .isEqualTo("Rejected");
        assertThat(command("ChangeConfiguration", "{\"key\":\"NoSuchKey\",\"value\":\"1\"}").get("status").asString())
                .isEqualTo("NotSupported");
        // saved back to the station's configuration.json, in the ocpp-cs layout
        JsonNode file = Json.mapper().readTree(Files.readString(dir.resolve(id).resolve(StationFolder.CONFIG_FILE)));
        assertThat(file.get("configurationKey").valueStream()
                .filter(k -> k.get("key").asString().equals("MeterValueSampleInterval")).findFirst().orElseThrow()
                .get("value").asString()).isEqualTo("2");
        assertThat(file.at("/connectorId/1/id").asInt()).isEqualTo(2);
    }

    @Test
    void availabilityAndReservationChangeTheConnectorStatus() {
        assertThat(command("ChangeAvailability", "{\"connectorId\":2,\"type\":\"Inoperative\"}").get("status").asString()).isEqualTo("Accepted");
        await().until(() -> "Unavailable".equals(serverStatus(2)));
        assertThat(command("ChangeAvailability", "{\"connectorId\":2,\"type\":\"Operative\"}").get("status").asString()).isEqualTo("Accepted");
        await().until(() -> "Available".equals(serverStatus(2)));

        String expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        int reservation = ThreadLocalRandom.current().nextInt(1, 1_000_000_000);
        assertThat(command("ReserveNow", "{\"connectorId\":2,\"expiryDate\":\"" + expiry + "\",\"idTag\":\"" + tag
                + "\",\"reservationId\":" + reservation + "}").get("status").asString()).isEqualTo("Accepted");
        await().until(() -> "Reserved".equals(serverStatus(2)));
        assertThat(cp.connector(2).reservationId()).isEqualTo(reservation);
        // a reserved connector takes no other reservation
        assertThat(command("ReserveNow", "{\"connectorId\":2,\"expiryDate\":\"" + expiry + "\",\"idTag\":\"X\",\"reservationId\":"
                + (reservation + 1) + "}").get("status").asString()).isEqualTo("Occupied");
        assertThat(command("CancelReservation", "{\"reservationId\":" + reservation + "}").get("status").asString()).isEqualTo("Accepted");
        await().until(() -> "Available".equals(serverStatus(2)));
        assertThat(api().get("/api/v1/reservations/" + reservation).json().get("status").asString()).isEqualTo("Cancelled");
        assertThat(command("CancelReservation", "{\"reservationId\":" + reservation + "}").get("status").asString()).isEqualTo("Rejected");
    }

    @Test
    void remoteStartFollowsChargingProfilesAndRemoteStopEndsIt() throws Exception {
        cp.plugIn(1, new Ev(EvCatalog.FAMILY, 30, 100)).get();
        await().until(() -> "Preparing".equals(serverStatus(1)));
        assertThat(command("RemoteStartTransaction", "{\"connectorId\":1,\"idTag\":\"" + tag + "\"}").get("status").asString())
                .isEqualTo("Accepted");
        await().until(() -> cp.connector(1).transactionId() != null);
        int tx = cp.connector(1).transactionId();
        JsonNode t = api().get("/api/v1/transactions/" + tx).json();
        assertThat(t.get("idTag").asString()).isEqualTo(tag);
        assertThat(t.get("open").asBoolean()).isTrue();
        await().until(() -> "Charging".equals(serverStatus(1)));
        await().untilAsserted(() -> assertThat(lastValue(tx, "Current.Import", "L1")).isEqualTo(15.9, within(0.1)));

        // 10 A on each phase for this transaction: the following samples show it
        String profile = "{\"chargingProfileId\":77,\"transactionId\":" + tx + ",\"stackLevel\":1,\"chargingProfilePurpose\":\"TxProfile\","
                + "\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":{\"chargingRateUnit\":\"A\","
                + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":10.0}]}}";
        assertThat(command("SetChargingProfile", "{\"connectorId\":1,\"csChargingProfiles\":" + profile + "}").get("status").asString())
                .isEqualTo("Accepted");
        await().untilAsserted(() -> {
            assertThat(lastValue(tx, "Power.Active.Import", null)).isEqualTo(6900.0);
            assertThat(lastValue(tx, "Current.Import", "L1")).isEqualTo(10.0);
        });
        JsonNode composite = command("GetCompositeSchedule", "{\"connectorId\":1,\"duration\":3600,\"chargingRateUnit\":\"A\"}");
        assertThat(composite.get("status").asString()).isEqualTo("Accepted");
        assertThat(composite.at("/chargingSchedule/chargingSchedulePeriod/0/limit").asDouble()).isEqualTo(10.0);
        assertThat(composite.at("/chargingSchedule/chargingRateUnit").asString()).isEqualTo("A");

        assertThat(command("ClearChargingProfile", "{\"id\":77}").get("status").asString()).isEqualTo("Accepted");
        await().untilAsserted(() -> assertThat(lastValue(tx, "Power.Active.Import", null)).isEqualTo(11_000.0));
        assertThat(command("ClearChargingProfile", "{\"id\":77}").get("status").asString()).isEqualTo("Unknown");

        assertThat(command("TriggerMessage", "{\"requestedMessage\":\"MeterValues\",\"connectorId\":1}").get("status").asString())
                .isEqualTo("Accepted");
        await().untilAsserted(() -> assertThat(samples(tx).stream().map(s -> s.get("context").asString())).contains("Trigger"));
        assertThat(command("TriggerMessage", "{\"requestedMessage\":\"StatusNotification\",\"connectorId\":1}").get("status").asString())
                .isEqualTo("Accepted");
        assertThat(command("TriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}").get("status").asString()).isEqualTo("Accepted");
        assertThat(command("TriggerMessage", "{\"requestedMessage\":\"MeterValues\",\"connectorId\":9}").get("status").asString())
                .isEqualTo("Rejected");

        assertThat(command("RemoteStopTransaction", "{\"transactionId\":" + (tx + 1000) + "}").get("status").asString()).isEqualTo("Rejected");
        assertThat(command("RemoteStopTransaction", "{\"transactionId\":" + tx + "}").get("status").asString()).isEqualTo("Accepted");
        await().untilAsserted(() -> {
            JsonNode stopped = api().get("/api/v1/transactions/" + tx).json();
            assertThat(stopped.get("open").asBoolean()).isFalse();
            assertThat(stopped.get("stopReason").asString()).isEqualTo("Remote");
        });
        await().until(() -> "Finishing".equals(serverStatus(1)));
        assertThat(command("UnlockConnector", "{\"connectorId\":1}").get("status").asString()).isEqualTo("Unlocked");
        await().until(() -> "Available".equals(serverStatus(1)));
        assertThat(cp.connector(1).socPercent()).isNull();
        assertThat(command("UnlockConnector", "{\"connectorId\":7}").get("status").asString()).isEqualTo("NotSupported");
    }

    @Test
    void unlockDuringATransactionStopsIt() throws Exception {
        cp.startSession(2, new Ev(EvCatalog.COMPACT, 50, 80), tag).get();
        await().until(() -> cp.connector(2).transactionId() != null);
        int tx = cp.connector(2).transactionId();
        assertThat(cp.connector(2).powerW()).isEqualTo(7400.0);
        assertThat(command("UnlockConnector", "{\"connectorId\":2}").get("status").asString()).isEqualTo("Unlocked");
        await().untilAsserted(() -> assertThat(api().get("/api/v1/transactions/" + tx).json().get("stopReason").asString())
                .isEqualTo("UnlockCommand"));
        await().until(() -> "Available".equals(serverStatus(2)));
    }

    @Test
    void localListCacheAndDataTransfer() throws Exception {
        assertThat(command("GetLocalListVersion", "{}").get("listVersion").asInt()).isZero();
        assertThat(command("SendLocalList", "{\"listVersion\":5,\"updateType\":\"Full\",\"localAuthorizationList\":["
                + "{\"idTag\":\"OFFLINE-1\",\"idTagInfo\":{\"status\":\"Accepted\"}}]}").get("status").asString()).isEqualTo("Accepted");
        assertThat(command("SendLocalList", "{\"listVersion\":4,\"updateType\":\"Differential\",\"localAuthorizationList\":[]}")
                .get("status").asString()).isEqualTo("VersionMismatch");
        assertThat(command("GetLocalListVersion", "{}").get("listVersion").asInt()).isEqualTo(5);
        assertThat(Files.readString(dir.resolve(id).resolve(StationFolder.LOCAL_LIST_FILE))).contains("OFFLINE-1");
        assertThat(command("ClearCache", "{}").get("status").asString()).isEqualTo("Accepted");

        JsonNode echo = command("DataTransfer", "{\"vendorId\":\"Ladewerk\",\"messageId\":\"ping\",\"data\":\"hello\"}");
        assertThat(echo.get("status").asString()).isEqualTo("Accepted");
        assertThat(echo.get("data").asString()).isEqualTo("hello");
        assertThat(command("DataTransfer", "{\"vendorId\":\"Someone\"}").get("status").asString()).isEqualTo("UnknownVendorId");
    }

    @Test
    void firmwareUpdateAndDiagnosticsReportTheirProgress() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(command("UpdateFirmware", "{\"location\":\"https://firmware.invalid/emulator-1.0.1.bin\",\"retrieveDate\":\"" + now + "\"}"))
                .isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(maintenance("firmware"))
                .containsSubsequence("Downloading", "Downloaded", "Installing", "Installed"));
        // installing meant a reboot: the station booted again with the new version
        assertThat(cp.boots()).isEqualTo(2);
        await().untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + id).json().get("firmwareVersion").asString()).isEqualTo("1.0.1"));

        JsonNode diagnostics = command("GetDiagnostics", "{\"location\":\"ftp://diagnostics.invalid/upload\"}");
        assertThat(diagnostics.get("fileName").asString()).startsWith("diagnostics-" + id);
        await().untilAsserted(() -> assertThat(maintenance("diagnostics")).containsSubsequence("Uploading", "Uploaded"));
    }

    @Test
    void resetStopsTheTransactionAndBootsAgain() throws Exception {
        cp.startSession(1, new Ev(EvCatalog.SUV, 20, 90), tag).get();
        await().until(() -> cp.connector(1).transactionId() != null);
        int tx = cp.connector(1).transactionId();
        String bootedAt = api().get("/api/v1/stations/" + id).json().get("lastBootAt").asString();
        assertThat(command("Reset", "{\"type\":\"Soft\"}").get("status").asString()).isEqualTo("Accepted");
        Emulators.awaitBoots(cp, 2);
        await().untilAsserted(() -> {
            assertThat(api().get("/api/v1/transactions/" + tx).json().get("stopReason").asString()).isEqualTo("SoftReset");
            assertThat(api().get("/api/v1/stations/" + id).json().get("lastBootAt").asString()).isNotEqualTo(bootedAt);
        });
        await().until(() -> "Available".equals(serverStatus(1)));
        assertThat(cp.connector(1).status()).isEqualTo(ConnectorStatus.Available);
        assertThat(command("Reset", "{\"type\":\"Hard\"}").get("status").asString()).isEqualTo("Accepted");
        Emulators.awaitBoots(cp, 3);
    }

    // --- helpers

    private JsonNode command(String action, String body) {
        var r = api().post("/api/v1/ChargePoint/" + id + "/" + action, body);
        assertThat(r.status()).as("%s %s -> %s", action, body, r.body()).isEqualTo(200);
        answered.add(action);
        return r.json();
    }

    private String serverStatus(int connector) {
        return api().get("/api/v1/stations/" + id).json().get("connectors").valueStream()
                .filter(c -> c.get("evseId").asInt() == connector).map(c -> c.get("status").asString()).findFirst().orElse(null);
    }

    private List<JsonNode> samples(int tx) {
        return api().get("/api/v1/transactions/" + tx).json().get("samples").valueStream().toList();
    }

    private Double lastValue(int tx, String measurand, String phase) {
        List<JsonNode> matching = samples(tx).stream().filter(s -> measurand.equals(s.get("measurand").asString())
                && (phase == null || phase.equals(s.path("phase").asString(null)))).toList();
        return matching.isEmpty() ? null : matching.getLast().get("value").asDouble();
    }

    private List<String> maintenance(String kind) {
        List<String> newestFirst = api().get("/api/v1/stations/" + id + "/maintenance").json().valueStream()
                .filter(m -> kind.equals(m.get("kind").asString())).map(m -> m.get("status").asString()).collect(Collectors.toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }
}
