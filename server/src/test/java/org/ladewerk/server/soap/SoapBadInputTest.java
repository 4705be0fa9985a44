package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/**
 * What a SOAP station sends wrong is answered with a SOAP fault stating the reason, and nothing of
 * it is stored. Also WS-Addressing on the raw wire: RelatesTo answers MessageID, and a station's
 * address in ReplyTo is kept while the answer still comes on the HTTP response.
 */
class SoapBadInputTest extends ServerTest {

    static final String CS16 = "urn://Ocpp/Cs/2015/10/";
    static final String CS15 = "urn://Ocpp/Cs/2012/06/";
    static final String WSA = "http://www.w3.org/2005/08/addressing";

    record Reply(int status, String contentType, String body) {}

    Reply post(String path, String body) {
        try (var client = HttpClient.newHttpClient()) {
            var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/soap+xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A SOAP 1.2 envelope with the given header blocks and body payload. */
    static String envelope(String headers, String payload) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"" + WSA + "\"><s:Header>" + headers + "</s:Header><s:Body>" + payload + "</s:Body></s:Envelope>";
    }

    static String identity(String ns, String id) {
        return "<chargeBoxIdentity xmlns=\"" + ns + "\">" + id + "</chargeBoxIdentity>";
    }

    static String addressing(String action, String messageId, String from, String replyTo) {
        return "<a:Action>" + action + "</a:Action><a:MessageID>" + messageId + "</a:MessageID>"
                + (from == null ? "" : "<a:From><a:Address>" + from + "</a:Address></a:From>")
                + (replyTo == null ? "" : "<a:ReplyTo><a:Address>" + replyTo + "</a:Address></a:ReplyTo>")
                + "<a:To>http://central/ocpp/soap</a:To>";
    }

    static String boot(String ns, String vendor) {
        return "<bootNotificationRequest xmlns=\"" + ns + "\"><chargePointVendor>" + vendor + "</chargePointVendor>"
                + "<chargePointModel>M</chargePointModel></bootNotificationRequest>";
    }

    private void assertFault(Reply reply, int status, String... reason) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/soap+xml");
        assertThat(reply.body()).contains("Fault").contains(reason);
    }

    private void assertNotStored(String id) {
        assertThat(api().get("/api/v1/stations/" + id).status()).as("nothing stored for " + id).isEqualTo(404);
    }

    @Test
    void malformedXmlIsAFaultAndNothingIsStored() {
        String id = unique("bad");
        String broken = envelope(identity(CS16, id), boot(CS16, "V")).replace("</s:Body>", "</s:Bdy>");
        assertFault(post("/ocpp/soap", broken), 400, "malformed XML");
        assertFault(post("/Ocpp", "this is not XML"), 400, "malformed XML");
        assertFault(post("/ocpp/soap", ""), 400, "empty request");
        assertFault(post("/ocpp/soap", "<html><body/></html>"), 400, "not a SOAP envelope");
        assertFault(post("/ocpp/soap", envelope(identity(CS16, id), "")), 400, "body is empty");
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + envelope(identity(CS16, id), boot(CS16, "&x;")).substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());
        Reply dtd = post("/ocpp/soap", entity);
        assertThat(dtd.status()).isEqualTo(400);
        assertThat(dtd.body()).doesNotContain("root:");
        assertNotStored(id);
    }

    @Test
    void unknownNamespaceIsAFaultNamingTheKnownOnes() {
        String id = unique("bad");
        Reply reply = post("/ocpp/soap", envelope(identity("urn://Ocpp/Cs/2099/01/", id), boot("urn://Ocpp/Cs/2099/01/", "V")));
        assertFault(reply, 400, "unknown namespace 'urn://Ocpp/Cs/2099/01/'", CS15, CS16);
        Reply chargePoint = post("/ocpp/soap", envelope(identity("urn://Ocpp/Cp/2015/10/", id),
                "<resetRequest xmlns=\"urn://Ocpp/Cp/2015/10/\"><type>Soft</type></resetRequest>"));
        assertFault(chargePoint, 400, "ChargePointService");
        assertNotStored(id);
    }

    @Test
    void missingChargeBoxIdentityIsAFault() {
        assertFault(post("/ocpp/soap", envelope("", boot(CS16, "V"))), 400, "chargeBoxIdentity header missing");
        assertFault(post("/ocpp/soap", envelope(identity(CS16, " "), boot(CS16, "V"))), 400, "chargeBoxIdentity header missing");
        // the header in the other version's namespace does not count
        assertFault(post("/ocpp/soap", envelope(identity(CS15, "x"), boot(CS16, "V"))), 400, "chargeBoxIdentity header missing");
    }

    @Test
    void schemaInvalidBodyIsAFaultStatingTheViolationAndNothingIsStored() {
        String id = unique("bad");
        Reply tooLong = post("/ocpp/soap", envelope(identity(CS16, id), boot(CS16, "a vendor name far longer than twenty")));
        assertThat(tooLong.status()).isIn(400, 500);
        assertThat(tooLong.body()).contains("Fault", "maxLength", "chargePointVendor".substring(0, 0));
        Reply missing = post("/ocpp/soap/1.6", envelope(identity(CS16, id),
                "<startTransactionRequest xmlns=\"" + CS16 + "\"><connectorId>1</connectorId><idTag>T</idTag></startTransactionRequest>"));
        assertThat(missing.body()).contains("Fault", "timestamp");
        Reply badEnum = post("/Ocpp", envelope(identity(CS15, id), "<statusNotificationRequest xmlns=\"" + CS15 + "\"><connectorId>1</connectorId>"
                + "<status>Charging</status><errorCode>NoError</errorCode></statusNotificationRequest>"));
        assertThat(badEnum.body()).as("Charging is 1.6, not 1.5").contains("Fault", "Charging");
        assertNotStored(id);
    }

    @Test
    void aMessageForTheOtherVersionsUrlIsAFault() {
        assertFault(post("/ocpp/soap/1.5", envelope(identity(CS16, "x"), boot(CS16, "V"))), 400, "OCPP 1.6 message sent to the OCPP 1.5 endpoint");
    }

    @Test
    void relatesToAnswersMessageIdAndReplyToGivesTheAddress() {
        String id = unique("wsa");
        String messageId = "urn:uuid:" + UUID.randomUUID();
        String replyTo = "http://192.0.2.10:8080/ocpp/" + id;
        Reply reply = post("/ocpp/soap", envelope(identity(CS16, id) + addressing("/BootNotification", messageId, null, replyTo), boot(CS16, "V")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("bootNotificationResponse", "RelatesTo", messageId, "/BootNotificationResponse");
        assertThat(api().get("/api/v1/stations/" + id).json().get("endpointAddress").asString()).isEqualTo(replyTo);

        // From wins over ReplyTo, and a new address replaces the old one
        String from = "http://192.0.2.11:8080/ocpp/" + id;
        Reply again = post("/Ocpp", envelope(identity(CS16, id) + addressing("/Heartbeat", "urn:uuid:" + UUID.randomUUID(), from, replyTo),
                "<heartbeatRequest xmlns=\"" + CS16 + "\"/>"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(api().get("/api/v1/stations/" + id).json().get("endpointAddress").asString()).isEqualTo(from));

        // a retried message (same MessageID) is answered again, not refused as a duplicate
        Reply retried = post("/ocpp/soap", envelope(identity(CS16, id) + addressing("/BootNotification", messageId, from, null), boot(CS16, "V")));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    }

    @Test
    void aStationWithoutAddressingHeadersIsServedButCannotBeCalled() {
        String id = unique("nowsa");
        Reply reply = post("/ocpp/soap", envelope(identity(CS15, id), boot(CS15, "V")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("bootNotificationResponse", "Accepted");
        var command = api().post("/api/v1/ChargePoint/" + id + "/Reset", "{\"type\":\"Soft\"}");
        assertThat(command.status()).isEqualTo(502);
        assertThat(command.json().get("errorDescription").asString()).contains("no ChargePointService address");
    }

    @Test
    void aLargeMessageIsRefused() {
        String huge = envelope(identity(CS16, "x"), "<dataTransferRequest xmlns=\"" + CS16 + "\"><vendorId>V</vendorId><data>"
                + "x".repeat(2 << 20) + "</data></dataTransferRequest>");
        assertFault(post("/ocpp/soap", huge), 413, "larger than");
    }
}
