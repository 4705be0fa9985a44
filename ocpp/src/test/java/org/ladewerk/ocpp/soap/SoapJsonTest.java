package org.ladewerk.ocpp.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.soap.v16.cp.ResetRequest;
import org.ladewerk.ocpp.soap.v16.cp.ResetType;
import tools.jackson.databind.node.ObjectNode;

class SoapJsonTest {

    private static final OcppSchemas SCHEMAS = OcppSchemas.load();

    /** A schema-valid OCPP 1.6 JSON request for every central-system-initiated operation of the 1.6 SOAP binding. */
    static final Map<String, String> V16_COMMANDS = Map.ofEntries(
            Map.entry("CancelReservation", "{\"reservationId\":7}"),
            Map.entry("ChangeAvailability", "{\"connectorId\":1,\"type\":\"Inoperative\"}"),
            Map.entry("ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"120\"}"),
            Map.entry("ClearCache", "{}"),
            Map.entry("ClearChargingProfile", "{\"id\":5,\"connectorId\":1,\"chargingProfilePurpose\":\"TxDefaultProfile\",\"stackLevel\":1}"),
            Map.entry("DataTransfer", "{\"vendorId\":\"Ladewerk\",\"messageId\":\"m\",\"data\":\"x\"}"),
            Map.entry("GetCompositeSchedule", "{\"connectorId\":1,\"duration\":3600,\"chargingRateUnit\":\"A\"}"),
            Map.entry("GetConfiguration", "{\"key\":[\"HeartbeatInterval\",\"Foo\"]}"),
            Map.entry("GetDiagnostics", "{\"location\":\"ftp://example.org/diag\",\"startTime\":\"2026-11-20T10:00:00Z\",\"retries\":2}"),
            Map.entry("GetLocalListVersion", "{}"),
            Map.entry("RemoteStartTransaction", "{\"connectorId\":1,\"idTag\":\"TAG1\",\"chargingProfile\":{\"chargingProfileId\":9,"
                    + "\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\",\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":"
                    + "{\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":11000.0,\"numberPhases\":3}]}}}"),
            Map.entry("RemoteStopTransaction", "{\"transactionId\":42}"),
            Map.entry("ReserveNow", "{\"connectorId\":1,\"expiryDate\":\"2026-11-20T11:00:00Z\",\"idTag\":\"TAG1\",\"parentIdTag\":\"P\",\"reservationId\":7}"),
            Map.entry("Reset", "{\"type\":\"Soft\"}"),
            Map.entry("SendLocalList", "{\"listVersion\":3,\"updateType\":\"Full\",\"localAuthorizationList\":[{\"idTag\":\"L1\","
                    + "\"idTagInfo\":{\"status\":\"Accepted\",\"expiryDate\":\"2027-01-01T00:00:00Z\"}},{\"idTag\":\"L2\"}]}"),
            Map.entry("SetChargingProfile", "{\"connectorId\":1,\"csChargingProfiles\":{\"chargingProfileId\":5,\"stackLevel\":1,"
                    + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Recurring\",\"recurrencyKind\":\"Daily\","
                    + "\"validFrom\":\"2026-11-20T00:00:00Z\",\"chargingSchedule\":{\"duration\":86400,\"startSchedule\":\"2026-11-20T00:00:00Z\","
                    + "\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0},{\"startPeriod\":3600,\"limit\":6.5}],"
                    + "\"minChargingRate\":6.0}}}"),
            Map.entry("TriggerMessage", "{\"requestedMessage\":\"StatusNotification\",\"connectorId\":1}"),
            Map.entry("UnlockConnector", "{\"connectorId\":1}"),
            Map.entry("UpdateFirmware", "{\"location\":\"https://example.org/fw.bin\",\"retrieveDate\":\"2026-11-20T10:00:00Z\",\"retryInterval\":30}"));

    @Test
    void everyV16CommandSurvivesTheRoundTripThroughJaxb() {
        assertThat(V16_COMMANDS.keySet()).containsExactlyInAnyOrderElementsOf(SoapVersion.V1_6.chargePointActions());
        V16_COMMANDS.forEach((action, text) -> {
            ObjectNode json = (ObjectNode) Json.mapper().readTree(text);
            assertThat(SCHEMAS.validateRequest(OcppVersion.V1_6, action, json)).as(action).isEmpty();
            Object jaxb = SoapJson.fromJson(json, SoapVersion.V1_6.chargePointOperation(action).orElseThrow().requestType());
            assertThat(SoapJson.toJson(jaxb)).as(action).isEqualTo(json);
        });
    }

    @Test
    void v16CommandsDowngradeTo15WhereTheOperationExists() {
        V16_COMMANDS.forEach((action, text) -> {
            ObjectNode json = (ObjectNode) Json.mapper().readTree(text);
            if (Ocpp15.unsupported(action, json) != null) return;
            ObjectNode v15 = Ocpp15.fromV16(action, true, json);
            Object jaxb = SoapJson.fromJson(v15, SoapVersion.V1_5.chargePointOperation(action).orElseThrow().requestType());
            assertThat(Ocpp15.toV16(action, true, SoapJson.toJson(jaxb))).as(action).isEqualTo(json);
        });
        assertThat(SoapVersion.V1_5.chargePointActions()).hasSize(15);
        assertThat(Ocpp15.unsupported("TriggerMessage", Json.mapper().createObjectNode())).contains("does not exist in OCPP 1.5");
        assertThat(Ocpp15.unsupported("RemoteStartTransaction", Json.mapper().readTree(V16_COMMANDS.get("RemoteStartTransaction"))))
                .contains("charging profiles");
    }

    @Test
    void v15MeterValuesBecomeTheV16Shape() {
        var mv = new org.ladewerk.ocpp.soap.v15.cs.MeterValuesRequest();
        mv.setConnectorId(1);
        mv.setTransactionId(42);
        var value = new org.ladewerk.ocpp.soap.v15.cs.MeterValue();
        value.setTimestamp(SoapJson.calendar(java.time.Instant.parse("2026-11-20T10:01:00Z")));
        var energy = new org.ladewerk.ocpp.soap.v15.cs.MeterValue.Value();
        energy.setValue("2000");
        var current = new org.ladewerk.ocpp.soap.v15.cs.MeterValue.Value();
        current.setValue("16");
        current.setMeasurand(org.ladewerk.ocpp.soap.v15.cs.Measurand.CURRENT_IMPORT);
        current.setUnit(org.ladewerk.ocpp.soap.v15.cs.UnitOfMeasure.AMP);
        value.getValue().add(energy);
        value.getValue().add(current);
        mv.getValues().add(value);
        ObjectNode v16 = Ocpp15.toV16("MeterValues", true, SoapJson.toJson(mv));
        assertThat(v16.toString()).isEqualTo("{\"connectorId\":1,\"transactionId\":42,\"meterValue\":[{\"timestamp\":\"2026-11-20T10:01:00Z\","
                + "\"sampledValue\":[{\"value\":\"2000\"},{\"value\":\"16\",\"measurand\":\"Current.Import\",\"unit\":\"A\"}]}]}");
        assertThat(SCHEMAS.validateRequest(OcppVersion.V1_6, "MeterValues", v16)).isEmpty();
    }

    @Test
    void bootNotificationPendingIsRejectedIn15() {
        ObjectNode conf = (ObjectNode) Json.mapper().readTree("{\"status\":\"Pending\",\"currentTime\":\"2026-11-20T10:00:00Z\",\"interval\":60}");
        ObjectNode v15 = Ocpp15.fromV16("BootNotification", false, conf);
        assertThat(v15.toString()).isEqualTo("{\"status\":\"Rejected\",\"currentTime\":\"2026-11-20T10:00:00Z\",\"heartbeatInterval\":60}");
        SoapJson.fromJson(v15, org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse.class);
    }

    @Test
    void jsonThatDoesNotFitTheXmlTypeIsRefusedWithItsPath() {
        assertThatThrownBy(() -> SoapJson.fromJson(Json.mapper().readTree("{\"type\":\"Soft\",\"extra\":1}"), ResetRequest.class))
                .hasMessageContaining("$.extra");
        assertThatThrownBy(() -> SoapJson.fromJson(Json.mapper().readTree("{\"type\":\"Medium\"}"), ResetRequest.class))
                .hasMessageContaining("'Medium'");
        assertThat(SoapJson.fromJson(Json.mapper().readTree("{\"type\":\"Hard\"}"), ResetRequest.class).getType()).isEqualTo(ResetType.HARD);
    }

    @Test
    void dateTimesWithoutZoneAreUtcAndOffsetsAreNormalised() {
        var start = new org.ladewerk.ocpp.soap.v16.cs.StartTransactionRequest();
        start.setTimestamp(javax.xml.datatype.DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar("2026-11-20T10:00:00"));
        assertThat(SoapJson.toJson(start).get("timestamp").asString()).isEqualTo("2026-11-20T10:00:00Z");
        start.setTimestamp(javax.xml.datatype.DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar("2026-11-20T11:00:00.250+01:00"));
        assertThat(SoapJson.toJson(start).get("timestamp").asString()).isEqualTo("2026-11-20T10:00:00.250Z");
    }
}
