package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ladewerk.server.soap.SoapBadInputTest.CS15;
import static org.ladewerk.server.soap.SoapBadInputTest.CS16;
import static org.ladewerk.server.soap.SoapBadInputTest.boot;
import static org.ladewerk.server.soap.SoapBadInputTest.envelope;
import static org.ladewerk.server.soap.SoapBadInputTest.identity;

import jakarta.xml.ws.WebServiceException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Station admission applies to SOAP as to OCPP-J (unknown stations refused, security profile 1
 * passwords), and a SOAP station is online only while it has been heard from recently: with a
 * heartbeat interval of 1 s and a response timeout of 2 s, after 4 s of silence.
 */
@TestPropertySource(properties = {"ladewerk.ocpp.unknown-stations=reject", "ladewerk.ocpp.heartbeat-interval=1s"})
class SoapAdmissionTest extends ServerTest {

    private HttpResponse<String> post(String body, String authorization) {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ocpp/soap"))
                    .header("Content-Type", "application/soap+xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) request.header("Authorization", authorization);
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownStationIsRefusedWithAFaultAndNothingIsStored() {
        String id = unique("cp");
        var r = post(envelope(identity(CS16, id), boot(CS16, "V")), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("Fault", "unknown charge point " + id);
        assertThat(api().get("/api/v1/stations/" + id).status()).isEqualTo(404);

        assertThat(api().put("/api/v1/stations/" + id, "{}").status()).isEqualTo(201);
        try (var station = SoapStation.start(SoapVersion.V1_5, "http://127.0.0.1:" + port + "/ocpp/soap", id)) {
            var boot = new org.ladewerk.ocpp.soap.v15.cs.BootNotificationRequest();
            boot.setChargePointVendor("V");
            boot.setChargePointModel("M");
            org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse booted = station.call("BootNotification", boot);
            assertThat(booted.getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.RegistrationStatus.ACCEPTED);
        }
    }

    @Test
    void passwordProtectedStationNeedsItsBasicCredentials() {
        String id = unique("cp");
        String password = "correct-horse-battery";
        assertThat(api().put("/api/v1/stations/" + id, "{\"password\":\"" + password + "\"}").status()).isEqualTo(201);
        String heartbeat = envelope(identity(CS15, id), "<heartbeatRequest xmlns=\"" + CS15 + "\"/>");
        var none = post(heartbeat, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(none.body()).contains("Fault", "credentials");
        assertThat(post(heartbeat, basic(id, "wrong-password-0000")).statusCode()).isEqualTo(401);
        assertThat(post(heartbeat, basic("someone-else", password)).statusCode()).isEqualTo(401);
        var ok = post(heartbeat, basic(id, password));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        try (var station = SoapStation.start(SoapVersion.V1_6, "http://127.0.0.1:" + port + "/ocpp/soap", id, "wrong-password-0000")) {
            assertThatThrownBy(() -> station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest()))
                    .isInstanceOf(WebServiceException.class);
        }
        try (var station = SoapStation.start(SoapVersion.V1_6, "http://127.0.0.1:" + port + "/ocpp/soap", id, password)) {
            org.ladewerk.ocpp.soap.v16.cs.HeartbeatResponse beat = station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest());
            assertThat(beat.getCurrentTime()).isNotNull();
        }
    }

    @Test
    void aSilentSoapStationGoesOfflineAndComesBackWithItsNextMessage() {
        String id = unique("cp");
        api().put("/api/v1/stations/" + id, "{}");
        try (var station = SoapStation.start(SoapVersion.V1_6, "http://127.0.0.1:" + port + "/ocpp/soap", id)) {
            station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest());
            assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isFalse());
            var offline = api().get("/api/v1/stations/" + id).json();
            assertThat(offline.get("disconnectedAt").isNull()).isFalse();
            assertThat(api().post("/api/v1/ChargePoint/" + id + "/Reset", "{\"type\":\"Soft\"}").status()).isEqualTo(404);

            station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest());
            assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isTrue();
        }
    }
}
