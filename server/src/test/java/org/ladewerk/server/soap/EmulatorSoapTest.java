package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.soap.SoapLink;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.Registration;
import tools.jackson.databind.JsonNode;

/**
 * The emulator speaks OCPP 1.5 and 1.6 over SOAP: an emulated station with an http central system
 * URL boots over SOAP, hosts its ChargePointService, and every central-system-initiated operation
 * of its version sent through the REST command endpoint reaches it and acts on it as over OCPP-J.
 */
class EmulatorSoapTest extends ServerTest {

    private static final OcppSchemas SCHEMAS = OcppSchemas.load();

    @TempDir
    Path dir;

    private Emulator emulator;
    private final Set<String> sent = new HashSet<>();

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.shutdown(Duration.ofSeconds(5));
            emulator.close();
        }
    }

    private ChargePoint station(String id, SoapVersion version) throws Exception {
        String url = "http://127.0.0.1:" + port + "/ocpp/soap";
        emulator = new Emulator(Emulator.Options.defaults().withUrl(url).withSchemas(SCHEMAS)
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(5)).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(200)).withSeed(7));
        StationConfig base = StationConfig.create(id, url, 2, "Ladewerk", "Emulator");
        var keys = new ArrayList<>(base.configurationKey());
        keys.add(new ConfigKey(SoapLink.VERSION_KEY, false, version.number()));
        keys.replaceAll(k -> k.key().equals("MeterValueSampleInterval") ? k.withValue("1") : k);
        var folder = new StationFolder(dir.resolve(id));
        folder.write(base.withKeys(List.copyOf(keys)));
        ChargePoint cp = emulator.add(folder, Behaviour.manual());
        cp.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> cp.registration() == Registration.Accepted && cp.online());
        return cp;
    }

    private JsonNode command(String id, String action, String body) {
        var r = api().post("/api/v1/ChargePoint/" + id + "/" + action, body);
        assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(200);
        sent.add(action);
        return r.json();
    }

    private String status(JsonNode answer) {
        return answer.get("status").asString();
    }

    @Test
    void anEmulatedV16SoapStationTakesEveryOperation() throws Exception {
        String id = unique("EMU16");
        ChargePoint cp = station(id, SoapVersion.V1_6);
        JsonNode s = api().get("/api/v1/stations/" + id).json();
        assertThat(s.get("transport").asString()).isEqualTo("soap");
        assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp1.6");
        assertThat(s.get("online").asBoolean()).isTrue();
        common(id, cp);

        String profile = "{\"chargingProfileId\":77,\"stackLevel\":1,\"chargingProfilePurpose\":\"TxDefaultProfile\","
                + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"chargingRateUnit\":\"A\","
                + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":10.0}]}}";
        assertThat(status(command(id, "SetChargingProfile", "{\"connectorId\":1,\"csChargingProfiles\":" + profile + "}"))).isEqualTo("Accepted");
        JsonNode composite = command(id, "GetCompositeSchedule", "{\"connectorId\":1,\"duration\":3600,\"chargingRateUnit\":\"A\"}");
        assertThat(status(composite)).isEqualTo("Accepted");
        assertThat(composite.at("/chargingSchedule/chargingSchedulePeriod/0/limit").asDouble()).isEqualTo(10.0);
        assertThat(status(command(id, "ClearChargingProfile", "{\"id\":77}"))).isEqualTo("Accepted");
        assertThat(status(command(id, "TriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}"))).isEqualTo("Accepted");

        reset(id, cp);
        assertThat(sent).containsExactlyInAnyOrderElementsOf(SoapVersion.V1_6.chargePointActions());
    }

    @Test
    void anEmulatedV15SoapStationTakesEveryOperationOf15() throws Exception {
        String id = unique("EMU15");
        ChargePoint cp = station(id, SoapVersion.V1_5);
        JsonNode s = api().get("/api/v1/stations/" + id).json();
        assertThat(s.get("transport").asString()).isEqualTo("soap");
        assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp1.5");
        common(id, cp);
        assertThat(api().post("/api/v1/ChargePoint/" + id + "/TriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}").status()).isEqualTo(400);
        reset(id, cp);
        assertThat(sent).containsExactlyInAnyOrderElementsOf(SoapVersion.V1_5.chargePointActions());
    }

    /** The operations 1.5 and 1.6 share, with their effect on the station and in the central system. */
    private void common(String id, ChargePoint cp) {
        JsonNode config = command(id, "GetConfiguration", "{}");
        assertThat(config.get("configurationKey").size()).isGreaterThan(10);
        assertThat(status(command(id, "ChangeConfiguration", "{\"key\":\"MeterValueSampleInterval\",\"value\":\"2\"}"))).isEqualTo("Accepted");
        assertThat(cp.configuration().get("MeterValueSampleInterval")).hasValue("2");

        assertThat(status(command(id, "ChangeAvailability", "{\"connectorId\":2,\"type\":\"Inoperative\"}"))).isEqualTo("Accepted");
        await().untilAsserted(() -> assertThat(connectorStatus(id, 2)).isEqualTo("Unavailable"));
        assertThat(status(command(id, "ChangeAvailability", "{\"connectorId\":2,\"type\":\"Operative\"}"))).isEqualTo("Accepted");
        await().untilAsserted(() -> assertThat(connectorStatus(id, 2)).isEqualTo("Available"));

        int reservation = 300_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        String expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(status(command(id, "ReserveNow", "{\"connectorId\":2,\"expiryDate\":\"" + expiry + "\",\"idTag\":\"RSV\",\"reservationId\":"
                + reservation + "}"))).isEqualTo("Accepted");
        assertThat(api().get("/api/v1/reservations/" + reservation).json().get("status").asString()).isEqualTo("Accepted");
        assertThat(status(command(id, "CancelReservation", "{\"reservationId\":" + reservation + "}"))).isEqualTo("Accepted");

        String tag = unique("T", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}");
        assertThat(status(command(id, "RemoteStartTransaction", "{\"connectorId\":1,\"idTag\":\"" + tag + "\"}"))).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api().get("/api/v1/transactions?stationId=" + id + "&open=true").json()).hasSize(1));
        int tx = api().get("/api/v1/transactions?stationId=" + id + "&open=true").json().get(0).get("id").asInt();
        assertThat(status(command(id, "RemoteStopTransaction", "{\"transactionId\":" + tx + "}"))).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api().get("/api/v1/transactions/" + tx).json().get("open").asBoolean()).isFalse());

        assertThat(status(command(id, "UnlockConnector", "{\"connectorId\":1}"))).isEqualTo("Unlocked");
        assertThat(command(id, "GetLocalListVersion", "{}").get("listVersion").asInt()).isZero();
        assertThat(status(command(id, "SendLocalList", "{\"listVersion\":5,\"updateType\":\"Full\",\"localAuthorizationList\":"
                + "[{\"idTag\":\"L1\",\"idTagInfo\":{\"status\":\"Accepted\"}}]}"))).isEqualTo("Accepted");
        assertThat(command(id, "GetLocalListVersion", "{}").get("listVersion").asInt()).isEqualTo(5);
        assertThat(status(command(id, "ClearCache", "{}"))).isEqualTo("Accepted");
        assertThat(status(command(id, "DataTransfer", "{\"vendorId\":\"Ladewerk\",\"messageId\":\"ping\",\"data\":\"hello\"}"))).isEqualTo("Accepted");
        // GetDiagnostics first: the firmware update reboots the station (and its SOAP service) within a second,
        // which a command sent after it could meet on a slow machine
        assertThat(command(id, "GetDiagnostics", "{\"location\":\"ftp://diagnostics.invalid/upload\"}").has("fileName")).isTrue();
        command(id, "UpdateFirmware", "{\"location\":\"https://firmware.invalid/emulator-1.0.1.bin\",\"retrieveDate\":\"" + Instant.now() + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api().get("/api/v1/stations/" + id + "/maintenance").json().toString()).contains("Installed"));
    }

    private void reset(String id, ChargePoint cp) {
        int boots = cp.boots();
        assertThat(status(command(id, "Reset", "{\"type\":\"Soft\"}"))).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(20)).until(() -> cp.boots() > boots && cp.registration() == Registration.Accepted);
    }

    private String connectorStatus(String id, int connector) {
        for (JsonNode c : api().get("/api/v1/stations/" + id).json().get("connectors")) {
            if (c.get("evseId").asInt() == connector) return c.get("status").asString();
        }
        return null;
    }
}
