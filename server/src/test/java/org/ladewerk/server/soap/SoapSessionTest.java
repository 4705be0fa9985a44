package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.ocpp.soap.v15.cs.ChargePointErrorCode;
import org.ladewerk.ocpp.soap.v15.cs.ChargePointStatus;
import org.ladewerk.ocpp.soap.v15.cs.TransactionData;
import org.ladewerk.ocpp.soap.v16.cs.AuthorizationStatus;
import org.ladewerk.ocpp.soap.v16.cs.DataTransferStatus;
import org.ladewerk.ocpp.soap.v16.cs.Measurand;
import org.ladewerk.ocpp.soap.v16.cs.ReadingContext;
import org.ladewerk.ocpp.soap.v16.cs.Reason;
import org.ladewerk.ocpp.soap.v16.cs.RegistrationStatus;
import org.ladewerk.ocpp.soap.v16.cs.UnitOfMeasure;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Full OCPP 1.6 and 1.5 sessions over SOAP by a client built with CXF from the official WSDLs,
 * checked through the REST API: a 1.6 SOAP station stores exactly what a 1.6 JSON station stores.
 */
class SoapSessionTest extends ServerTest {

    private static final DatatypeFactory XML_TIME = DatatypeFactory.newDefaultInstance();

    static XMLGregorianCalendar xml(Instant instant) {
        return XML_TIME.newXMLGregorianCalendar(instant.toString());
    }

    String soapUrl() {
        return "http://127.0.0.1:" + port + "/ocpp/soap";
    }

    @Test
    void v16SoapSessionStoresWhatAJsonStationStores() {
        String tag = unique("S", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);

        String jsonId = unique("json");
        int jsonTx;
        try (var station = station(jsonId)) {
            jsonTx = jsonSession(station, tag, start);
        }
        String soapId = unique("soap16");
        int soapTx;
        try (var station = SoapStation.start(SoapVersion.V1_6, soapUrl(), soapId)) {
            soapTx = soap16Session(station, tag, start);
            JsonNode s = api().get("/api/v1/stations/" + soapId).json();
            assertThat(s.get("online").asBoolean()).isTrue();
            assertThat(s.get("transport").asString()).isEqualTo("soap");
            assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp1.6");
            assertThat(s.get("endpointAddress").asString()).isEqualTo(station.address());
            // the SOAP messages as they were on the wire, in the station's message log
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + soapId + "/messages").body())
                    .contains("bootNotificationRequest", "bootNotificationResponse", "chargeBoxIdentity"));
        }
        assertThat(comparable(api().get("/api/v1/transactions/" + soapTx).json()))
                .isEqualTo(comparable(api().get("/api/v1/transactions/" + jsonTx).json()));
        assertThat(comparableStation(api().get("/api/v1/stations/" + soapId).json()))
                .isEqualTo(comparableStation(api().get("/api/v1/stations/" + jsonId).json()));
        assertThat(api().get("/api/v1/stations/" + soapId + "/maintenance").json().toString().replace(soapId, "X").replaceAll("\"receivedAt\":\"[^\"]+\"", ""))
                .isEqualTo(api().get("/api/v1/stations/" + jsonId + "/maintenance").json().toString().replace(jsonId, "X").replaceAll("\"receivedAt\":\"[^\"]+\"", ""));
    }

    /** The session of {@code Sessions.fullSession} plus heartbeat, data transfer and firmware/diagnostics status, over OCPP-J. */
    private static int jsonSession(TestStation station, String tag, Instant start) {
        station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Test",
                "chargePointSerialNumber", "SN-1", "firmwareVersion", "1.0.0"));
        station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Preparing",
                "timestamp", start.minusSeconds(5).toString()));
        station.call("Authorize", Map.of("idTag", tag));
        int tx = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 1000,
                "timestamp", start.toString())).get("transactionId").asInt();
        station.call("MeterValues", Map.of("connectorId", 1, "transactionId", tx, "meterValue", List.of(Map.of(
                "timestamp", start.plusSeconds(60).toString(),
                "sampledValue", List.of(
                        Map.of("value", "2000", "measurand", "Energy.Active.Import.Register", "unit", "Wh", "context", "Sample.Periodic"),
                        Map.of("value", "7400", "measurand", "Power.Active.Import", "unit", "W", "context", "Sample.Periodic"))))));
        station.call("StopTransaction", Map.of("transactionId", tx, "idTag", tag, "meterStop", 3000,
                "timestamp", start.plusSeconds(120).toString(), "reason", "EVDisconnected",
                "transactionData", List.of(Map.of("timestamp", start.plusSeconds(120).toString(),
                        "sampledValue", List.of(Map.of("value", "3000", "context", "Transaction.End"))))));
        station.call("Heartbeat", Map.of());
        station.call("DataTransfer", Map.of("vendorId", "Ladewerk", "messageId", "hello", "data", "{}"));
        station.call("FirmwareStatusNotification", Map.of("status", "Downloaded"));
        station.call("DiagnosticsStatusNotification", Map.of("status", "Uploaded"));
        return tx;
    }

    private static int soap16Session(SoapStation station, String tag, Instant start) {
        var boot = new org.ladewerk.ocpp.soap.v16.cs.BootNotificationRequest();
        boot.setChargePointVendor("Ladewerk");
        boot.setChargePointModel("Test");
        boot.setChargePointSerialNumber("SN-1");
        boot.setFirmwareVersion("1.0.0");
        org.ladewerk.ocpp.soap.v16.cs.BootNotificationResponse booted = station.call("BootNotification", boot);
        assertThat(booted.getStatus()).isEqualTo(RegistrationStatus.ACCEPTED);
        assertThat(booted.getInterval()).isEqualTo(300);

        var status = new org.ladewerk.ocpp.soap.v16.cs.StatusNotificationRequest();
        status.setConnectorId(1);
        status.setErrorCode(org.ladewerk.ocpp.soap.v16.cs.ChargePointErrorCode.NO_ERROR);
        status.setStatus(org.ladewerk.ocpp.soap.v16.cs.ChargePointStatus.PREPARING);
        status.setTimestamp(xml(start.minusSeconds(5)));
        station.call("StatusNotification", status);

        var authorize = new org.ladewerk.ocpp.soap.v16.cs.AuthorizeRequest();
        authorize.setIdTag(tag);
        org.ladewerk.ocpp.soap.v16.cs.AuthorizeResponse authorized = station.call("Authorize", authorize);
        assertThat(authorized.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);

        var startTx = new org.ladewerk.ocpp.soap.v16.cs.StartTransactionRequest();
        startTx.setConnectorId(1);
        startTx.setIdTag(tag);
        startTx.setMeterStart(1000);
        startTx.setTimestamp(xml(start));
        org.ladewerk.ocpp.soap.v16.cs.StartTransactionResponse started = station.call("StartTransaction", startTx);
        assertThat(started.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);
        int tx = started.getTransactionId();

        var meter = new org.ladewerk.ocpp.soap.v16.cs.MeterValuesRequest();
        meter.setConnectorId(1);
        meter.setTransactionId(tx);
        var mv = new org.ladewerk.ocpp.soap.v16.cs.MeterValue();
        mv.setTimestamp(xml(start.plusSeconds(60)));
        mv.getSampledValue().add(sampled16("2000", Measurand.ENERGY_ACTIVE_IMPORT_REGISTER, UnitOfMeasure.WH, ReadingContext.SAMPLE_PERIODIC));
        mv.getSampledValue().add(sampled16("7400", Measurand.POWER_ACTIVE_IMPORT, UnitOfMeasure.W, ReadingContext.SAMPLE_PERIODIC));
        meter.getMeterValue().add(mv);
        station.call("MeterValues", meter);

        var stop = new org.ladewerk.ocpp.soap.v16.cs.StopTransactionRequest();
        stop.setTransactionId(tx);
        stop.setIdTag(tag);
        stop.setMeterStop(3000);
        stop.setTimestamp(xml(start.plusSeconds(120)));
        stop.setReason(Reason.EV_DISCONNECTED);
        var end = new org.ladewerk.ocpp.soap.v16.cs.MeterValue();
        end.setTimestamp(xml(start.plusSeconds(120)));
        end.getSampledValue().add(sampled16("3000", null, null, ReadingContext.TRANSACTION_END));
        stop.getTransactionData().add(end);
        org.ladewerk.ocpp.soap.v16.cs.StopTransactionResponse stopped = station.call("StopTransaction", stop);
        assertThat(stopped.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        org.ladewerk.ocpp.soap.v16.cs.HeartbeatResponse beat = station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest());
        assertThat(beat.getCurrentTime().toGregorianCalendar().toInstant()).isBetween(before, Instant.now());

        var data = new org.ladewerk.ocpp.soap.v16.cs.DataTransferRequest();
        data.setVendorId("Ladewerk");
        data.setMessageId("hello");
        data.setData("{}");
        org.ladewerk.ocpp.soap.v16.cs.DataTransferResponse transferred = station.call("DataTransfer", data);
        assertThat(transferred.getStatus()).isEqualTo(DataTransferStatus.ACCEPTED);

        var firmware = new org.ladewerk.ocpp.soap.v16.cs.FirmwareStatusNotificationRequest();
        firmware.setStatus(org.ladewerk.ocpp.soap.v16.cs.FirmwareStatus.DOWNLOADED);
        station.call("FirmwareStatusNotification", firmware);
        var diagnostics = new org.ladewerk.ocpp.soap.v16.cs.DiagnosticsStatusNotificationRequest();
        diagnostics.setStatus(org.ladewerk.ocpp.soap.v16.cs.DiagnosticsStatus.UPLOADED);
        station.call("DiagnosticsStatusNotification", diagnostics);
        return tx;
    }

    private static org.ladewerk.ocpp.soap.v16.cs.SampledValue sampled16(String value, Measurand measurand, UnitOfMeasure unit, ReadingContext context) {
        var s = new org.ladewerk.ocpp.soap.v16.cs.SampledValue();
        s.setValue(value);
        s.setMeasurand(measurand);
        s.setUnit(unit);
        s.setContext(context);
        return s;
    }

    @Test
    void v15SoapSessionIsStoredInTheSameDomain() {
        String tag = unique("F", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        String id = unique("soap15");
        try (var station = SoapStation.start(SoapVersion.V1_5, "http://127.0.0.1:" + port + "/Ocpp", id)) {
            var boot = new org.ladewerk.ocpp.soap.v15.cs.BootNotificationRequest();
            boot.setChargePointVendor("Ladewerk");
            boot.setChargePointModel("Old");
            org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse booted = station.call("BootNotification", boot);
            assertThat(booted.getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.RegistrationStatus.ACCEPTED);
            assertThat(booted.getHeartbeatInterval()).isEqualTo(300);

            var status = new org.ladewerk.ocpp.soap.v15.cs.StatusNotificationRequest();
            status.setConnectorId(1);
            status.setStatus(ChargePointStatus.OCCUPIED);
            status.setErrorCode(ChargePointErrorCode.NO_ERROR);
            station.call("StatusNotification", status);

            var authorize = new org.ladewerk.ocpp.soap.v15.cs.AuthorizeRequest();
            authorize.setIdTag(tag);
            org.ladewerk.ocpp.soap.v15.cs.AuthorizeResponse authorized = station.call("Authorize", authorize);
            assertThat(authorized.getIdTagInfo().getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.AuthorizationStatus.ACCEPTED);

            var startTx = new org.ladewerk.ocpp.soap.v15.cs.StartTransactionRequest();
            startTx.setConnectorId(1);
            startTx.setIdTag(tag);
            startTx.setMeterStart(1000);
            startTx.setTimestamp(xml(start));
            org.ladewerk.ocpp.soap.v15.cs.StartTransactionResponse started = station.call("StartTransaction", startTx);
            int tx = started.getTransactionId();

            var meter = new org.ladewerk.ocpp.soap.v15.cs.MeterValuesRequest();
            meter.setConnectorId(1);
            meter.setTransactionId(tx);
            var mv = new org.ladewerk.ocpp.soap.v15.cs.MeterValue();
            mv.setTimestamp(xml(start.plusSeconds(60)));
            mv.getValue().add(value15("2000", null, null, null));
            mv.getValue().add(value15("16", org.ladewerk.ocpp.soap.v15.cs.Measurand.CURRENT_IMPORT,
                    org.ladewerk.ocpp.soap.v15.cs.UnitOfMeasure.AMP, org.ladewerk.ocpp.soap.v15.cs.ReadingContext.SAMPLE_PERIODIC));
            meter.getValues().add(mv);
            station.call("MeterValues", meter);

            var stop = new org.ladewerk.ocpp.soap.v15.cs.StopTransactionRequest();
            stop.setTransactionId(tx);
            stop.setIdTag(tag);
            stop.setMeterStop(3000);
            stop.setTimestamp(xml(start.plusSeconds(120)));
            var data = new TransactionData();
            var end = new org.ladewerk.ocpp.soap.v15.cs.MeterValue();
            end.setTimestamp(xml(start.plusSeconds(120)));
            end.getValue().add(value15("3000", null, null, org.ladewerk.ocpp.soap.v15.cs.ReadingContext.TRANSACTION_END));
            data.getValues().add(end);
            stop.getTransactionData().add(data);
            station.call("StopTransaction", stop);

            station.call("Heartbeat", new org.ladewerk.ocpp.soap.v15.cs.HeartbeatRequest());
            var transfer = new org.ladewerk.ocpp.soap.v15.cs.DataTransferRequest();
            transfer.setVendorId("Ladewerk");
            org.ladewerk.ocpp.soap.v15.cs.DataTransferResponse transferred = station.call("DataTransfer", transfer);
            assertThat(transferred.getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.DataTransferStatus.ACCEPTED);
            var firmware = new org.ladewerk.ocpp.soap.v15.cs.FirmwareStatusNotificationRequest();
            firmware.setStatus(org.ladewerk.ocpp.soap.v15.cs.FirmwareStatus.INSTALLED);
            station.call("FirmwareStatusNotification", firmware);
            var diagnostics = new org.ladewerk.ocpp.soap.v15.cs.DiagnosticsStatusNotificationRequest();
            diagnostics.setStatus(org.ladewerk.ocpp.soap.v15.cs.DiagnosticsStatus.UPLOAD_FAILED);
            station.call("DiagnosticsStatusNotification", diagnostics);

            JsonNode t = api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("stationId").asString()).isEqualTo(id);
            assertThat(t.get("energyWh").asLong()).isEqualTo(2000);
            assertThat(t.get("stopReason").asString()).as("1.5 has no reason: the 1.6 default").isEqualTo("Local");
            assertThat(t.get("samples")).hasSize(3);
            assertThat(t.get("samples").get(0).get("measurand").asString()).isEqualTo("Energy.Active.Import.Register");
            assertThat(t.get("samples").get(1).get("unit").asString()).as("1.5 Amp is 1.6 A").isEqualTo("A");
            assertThat(t.get("samples").get(2).get("context").asString()).isEqualTo("Transaction.End");

            JsonNode s = api().get("/api/v1/stations/" + id).json();
            assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp1.5");
            assertThat(s.get("transport").asString()).isEqualTo("soap");
            assertThat(s.get("model").asString()).isEqualTo("Old");
            assertThat(s.get("online").asBoolean()).isTrue();
            assertThat(s.get("connectors").get(0).get("status").asString()).isEqualTo("Occupied");
            assertThat(api().get("/api/v1/stations/" + id + "/maintenance").json().toString()).contains("Installed", "UploadFailed");
        }
    }

    private static org.ladewerk.ocpp.soap.v15.cs.MeterValue.Value value15(String value, org.ladewerk.ocpp.soap.v15.cs.Measurand measurand,
            org.ladewerk.ocpp.soap.v15.cs.UnitOfMeasure unit, org.ladewerk.ocpp.soap.v15.cs.ReadingContext context) {
        var v = new org.ladewerk.ocpp.soap.v15.cs.MeterValue.Value();
        v.setValue(value);
        v.setMeasurand(measurand);
        v.setUnit(unit);
        v.setContext(context);
        return v;
    }

    @Test
    void pendingStationsArePendingIn16AndRejectedWithRetryIntervalIn15() {
        String id16 = unique("p16");
        String id15 = unique("p15");
        api().put("/api/v1/stations/" + id16, "{\"registrationStatus\":\"Pending\"}");
        api().put("/api/v1/stations/" + id15, "{\"registrationStatus\":\"Pending\"}");
        try (var s16 = SoapStation.start(SoapVersion.V1_6, soapUrl(), id16);
             var s15 = SoapStation.start(SoapVersion.V1_5, soapUrl(), id15)) {
            var boot16 = new org.ladewerk.ocpp.soap.v16.cs.BootNotificationRequest();
            boot16.setChargePointVendor("V");
            boot16.setChargePointModel("M");
            org.ladewerk.ocpp.soap.v16.cs.BootNotificationResponse r16 = s16.call("BootNotification", boot16);
            assertThat(r16.getStatus()).isEqualTo(RegistrationStatus.PENDING);
            assertThat(r16.getInterval()).isEqualTo(60);
            var boot15 = new org.ladewerk.ocpp.soap.v15.cs.BootNotificationRequest();
            boot15.setChargePointVendor("V");
            boot15.setChargePointModel("M");
            org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse r15 = s15.call("BootNotification", boot15);
            assertThat(r15.getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.RegistrationStatus.REJECTED);
            assertThat(r15.getHeartbeatInterval()).isEqualTo(60);
            api().put("/api/v1/stations/" + id15, "{\"registrationStatus\":\"Accepted\"}");
            org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse again = s15.call("BootNotification", boot15);
            assertThat(again.getStatus()).isEqualTo(org.ladewerk.ocpp.soap.v15.cs.RegistrationStatus.ACCEPTED);
        }
    }

    /** A transaction without what necessarily differs between two stations: ids and the station's name. */
    private static JsonNode comparable(JsonNode transaction) {
        ObjectNode t = (ObjectNode) transaction.deepCopy();
        t.remove(List.of("id", "stationTransactionId", "stationId"));
        return t;
    }

    private static JsonNode comparableStation(JsonNode station) {
        ObjectNode s = (ObjectNode) station.deepCopy();
        s.remove(List.of("id", "transport", "endpointAddress", "lastBootAt", "lastSeenAt", "connectedAt", "disconnectedAt",
                "createdAt", "online", "connected", "state", "missing"));
        return s;
    }
}
