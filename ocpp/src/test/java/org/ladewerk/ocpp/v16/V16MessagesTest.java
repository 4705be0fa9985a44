package org.ladewerk.ocpp.v16;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Proves the records match the official 1.6 schemas, in both directions. */
class V16MessagesTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-21T12:30:00Z");
    private static final String T0S = "2026-11-21T10:00:00Z";
    private static final String T1S = "2026-11-21T12:30:00Z";

    private static OcppSchemas schemas;

    @BeforeAll
    static void load() {
        schemas = OcppSchemas.load();
    }

    /** A record, and the JSON the official examples would show for it (single quotes for readability). */
    record Case(String action, boolean request, Object value, String json) {
        @Override
        public String toString() {
            return value.getClass().getSimpleName();
        }
    }

    private static Case req(String action, Object value, String json) {
        return new Case(action, true, value, json.replace('\'', '"'));
    }

    private static Case res(String action, Object value, String json) {
        return new Case(action, false, value, json.replace('\'', '"'));
    }

    private static final IdTagInfo ACCEPTED = new IdTagInfo(T1, "PARENT", "Accepted");
    private static final String ACCEPTED_JSON = "{'expiryDate':'" + T1S + "','parentIdTag':'PARENT','status':'Accepted'}";
    private static final MeterValue METER_VALUE = new MeterValue(T0, List.of(
            new SampledValue("1234.5", "Sample.Periodic", "Raw", "Energy.Active.Import.Register", "L1", "Outlet", "Wh"),
            new SampledValue("16", null, null, "Current.Import", null, null, "A")));
    private static final String METER_VALUE_JSON = "{'timestamp':'" + T0S + "','sampledValue':["
            + "{'value':'1234.5','context':'Sample.Periodic','format':'Raw','measurand':'Energy.Active.Import.Register',"
            + "'phase':'L1','location':'Outlet','unit':'Wh'},{'value':'16','measurand':'Current.Import','unit':'A'}]}";
    private static final ChargingSchedule SCHEDULE = new ChargingSchedule(3600, T0, "A",
            List.of(new ChargingSchedulePeriod(0, 16.0, 3), new ChargingSchedulePeriod(1800, 10.5, null)), 6.0);
    private static final String SCHEDULE_JSON = "{'duration':3600,'startSchedule':'" + T0S + "','chargingRateUnit':'A',"
            + "'chargingSchedulePeriod':[{'startPeriod':0,'limit':16.0,'numberPhases':3},{'startPeriod':1800,'limit':10.5}],"
            + "'minChargingRate':6.0}";
    private static final ChargingProfile PROFILE = new ChargingProfile(7, 42, 1, "TxProfile", "Absolute", null, T0, T1,
            SCHEDULE);
    private static final String PROFILE_JSON = "{'chargingProfileId':7,'transactionId':42,'stackLevel':1,"
            + "'chargingProfilePurpose':'TxProfile','chargingProfileKind':'Absolute','validFrom':'" + T0S + "',"
            + "'validTo':'" + T1S + "','chargingSchedule':" + SCHEDULE_JSON + "}";

    static Stream<Case> cases() {
        return Stream.of(
                req("Authorize", new AuthorizeRequest("TAG1"), "{'idTag':'TAG1'}"),
                res("Authorize", new AuthorizeResponse(ACCEPTED), "{'idTagInfo':" + ACCEPTED_JSON + "}"),
                req("BootNotification", new BootNotificationRequest("VendorX", "ModelY", "CP-SN-1", "CB-SN-1", "1.2.3",
                        "8949000000000000000", "262010000000000", "MeterZ", "M-SN-1"),
                        "{'chargePointVendor':'VendorX','chargePointModel':'ModelY','chargePointSerialNumber':'CP-SN-1',"
                                + "'chargeBoxSerialNumber':'CB-SN-1','firmwareVersion':'1.2.3','iccid':'8949000000000000000',"
                                + "'imsi':'262010000000000','meterType':'MeterZ','meterSerialNumber':'M-SN-1'}"),
                res("BootNotification", new BootNotificationResponse("Accepted", T0, 300),
                        "{'status':'Accepted','currentTime':'" + T0S + "','interval':300}"),
                req("DataTransfer", new DataTransferRequest("org.ladewerk", "hello", "[1,2,3]"),
                        "{'vendorId':'org.ladewerk','messageId':'hello','data':'[1,2,3]'}"),
                res("DataTransfer", new DataTransferResponse("Accepted", "ok"), "{'status':'Accepted','data':'ok'}"),
                req("DiagnosticsStatusNotification", new DiagnosticsStatusNotificationRequest("Uploaded"),
                        "{'status':'Uploaded'}"),
                res("DiagnosticsStatusNotification", new DiagnosticsStatusNotificationResponse(), "{}"),
                req("FirmwareStatusNotification", new FirmwareStatusNotificationRequest("Installed"),
                        "{'status':'Installed'}"),
                res("FirmwareStatusNotification", new FirmwareStatusNotificationResponse(), "{}"),
                req("Heartbeat", new HeartbeatRequest(), "{}"),
                res("Heartbeat", new HeartbeatResponse(T0), "{'currentTime':'" + T0S + "'}"),
                req("MeterValues", new MeterValuesRequest(1, 42, List.of(METER_VALUE)),
                        "{'connectorId':1,'transactionId':42,'meterValue':[" + METER_VALUE_JSON + "]}"),
                res("MeterValues", new MeterValuesResponse(), "{}"),
                req("StartTransaction", new StartTransactionRequest(1, "TAG1", 1000L, 5, T0),
                        "{'connectorId':1,'idTag':'TAG1','meterStart':1000,'reservationId':5,'timestamp':'" + T0S + "'}"),
                res("StartTransaction", new StartTransactionResponse(ACCEPTED, 42),
                        "{'idTagInfo':" + ACCEPTED_JSON + ",'transactionId':42}"),
                req("StatusNotification", new StatusNotificationRequest(1, "NoError", "all good", "Charging", T0, "VendorX",
                        "E0"), "{'connectorId':1,'errorCode':'NoError','info':'all good','status':'Charging','timestamp':'"
                                + T0S + "','vendorId':'VendorX','vendorErrorCode':'E0'}"),
                res("StatusNotification", new StatusNotificationResponse(), "{}"),
                req("StopTransaction", new StopTransactionRequest("TAG1", 5000L, T1, 42, "Local", List.of(METER_VALUE)),
                        "{'idTag':'TAG1','meterStop':5000,'timestamp':'" + T1S + "','transactionId':42,'reason':'Local',"
                                + "'transactionData':[" + METER_VALUE_JSON + "]}"),
                res("StopTransaction", new StopTransactionResponse(new IdTagInfo(null, null, "Invalid")),
                        "{'idTagInfo':{'status':'Invalid'}}"),
                req("CancelReservation", new CancelReservationRequest(5), "{'reservationId':5}"),
                res("CancelReservation", new CancelReservationResponse("Accepted"), "{'status':'Accepted'}"),
                req("ChangeAvailability", new ChangeAvailabilityRequest(0, "Inoperative"),
                        "{'connectorId':0,'type':'Inoperative'}"),
                res("ChangeAvailability", new ChangeAvailabilityResponse("Scheduled"), "{'status':'Scheduled'}"),
                req("ChangeConfiguration", new ChangeConfigurationRequest("HeartbeatInterval", "300"),
                        "{'key':'HeartbeatInterval','value':'300'}"),
                res("ChangeConfiguration", new ChangeConfigurationResponse("RebootRequired"),
                        "{'status':'RebootRequired'}"),
                req("ClearCache", new ClearCacheRequest(), "{}"),
                res("ClearCache", new ClearCacheResponse("Accepted"), "{'status':'Accepted'}"),
                req("ClearChargingProfile", new ClearChargingProfileRequest(7, 1, "TxProfile", 1),
                        "{'id':7,'connectorId':1,'chargingProfilePurpose':'TxProfile','stackLevel':1}"),
                res("ClearChargingProfile", new ClearChargingProfileResponse("Unknown"), "{'status':'Unknown'}"),
                req("GetCompositeSchedule", new GetCompositeScheduleRequest(1, 3600, "W"),
                        "{'connectorId':1,'duration':3600,'chargingRateUnit':'W'}"),
                res("GetCompositeSchedule", new GetCompositeScheduleResponse("Accepted", 1, T0, SCHEDULE),
                        "{'status':'Accepted','connectorId':1,'scheduleStart':'" + T0S + "','chargingSchedule':"
                                + SCHEDULE_JSON + "}"),
                req("GetConfiguration", new GetConfigurationRequest(List.of("HeartbeatInterval", "Foo")),
                        "{'key':['HeartbeatInterval','Foo']}"),
                res("GetConfiguration", new GetConfigurationResponse(
                        List.of(new KeyValue("HeartbeatInterval", false, "300"), new KeyValue("NumberOfConnectors", true,
                                null)), List.of("Foo")),
                        "{'configurationKey':[{'key':'HeartbeatInterval','readonly':false,'value':'300'},"
                                + "{'key':'NumberOfConnectors','readonly':true}],'unknownKey':['Foo']}"),
                req("GetDiagnostics", new GetDiagnosticsRequest("ftp://diag.example.org/upload", 3, 60, T0, T1),
                        "{'location':'ftp://diag.example.org/upload','retries':3,'retryInterval':60,'startTime':'" + T0S
                                + "','stopTime':'" + T1S + "'}"),
                res("GetDiagnostics", new GetDiagnosticsResponse("diag-2026.zip"), "{'fileName':'diag-2026.zip'}"),
                req("GetLocalListVersion", new GetLocalListVersionRequest(), "{}"),
                res("GetLocalListVersion", new GetLocalListVersionResponse(3), "{'listVersion':3}"),
                req("RemoteStartTransaction", new RemoteStartTransactionRequest(1, "TAG1", PROFILE),
                        "{'connectorId':1,'idTag':'TAG1','chargingProfile':" + PROFILE_JSON + "}"),
                res("RemoteStartTransaction", new RemoteStartTransactionResponse("Accepted"), "{'status':'Accepted'}"),
                req("RemoteStopTransaction", new RemoteStopTransactionRequest(42), "{'transactionId':42}"),
                res("RemoteStopTransaction", new RemoteStopTransactionResponse("Rejected"), "{'status':'Rejected'}"),
                req("ReserveNow", new ReserveNowRequest(1, T1, "TAG1", "PARENT", 5),
                        "{'connectorId':1,'expiryDate':'" + T1S + "','idTag':'TAG1','parentIdTag':'PARENT','reservationId':5}"),
                res("ReserveNow", new ReserveNowResponse("Occupied"), "{'status':'Occupied'}"),
                req("Reset", new ResetRequest("Soft"), "{'type':'Soft'}"),
                res("Reset", new ResetResponse("Accepted"), "{'status':'Accepted'}"),
                req("SendLocalList", new SendLocalListRequest(4, List.of(new AuthorizationData("TAG1", ACCEPTED),
                        new AuthorizationData("TAG2", null)), "Differential"),
                        "{'listVersion':4,'localAuthorizationList':[{'idTag':'TAG1','idTagInfo':" + ACCEPTED_JSON + "},"
                                + "{'idTag':'TAG2'}],'updateType':'Differential'}"),
                res("SendLocalList", new SendLocalListResponse("VersionMismatch"), "{'status':'VersionMismatch'}"),
                req("SetChargingProfile", new SetChargingProfileRequest(1, PROFILE),
                        "{'connectorId':1,'csChargingProfiles':" + PROFILE_JSON + "}"),
                res("SetChargingProfile", new SetChargingProfileResponse("NotSupported"), "{'status':'NotSupported'}"),
                req("TriggerMessage", new TriggerMessageRequest("StatusNotification", 1),
                        "{'requestedMessage':'StatusNotification','connectorId':1}"),
                res("TriggerMessage", new TriggerMessageResponse("NotImplemented"), "{'status':'NotImplemented'}"),
                req("UnlockConnector", new UnlockConnectorRequest(1), "{'connectorId':1}"),
                res("UnlockConnector", new UnlockConnectorResponse("Unlocked"), "{'status':'Unlocked'}"),
                req("UpdateFirmware", new UpdateFirmwareRequest("https://fw.example.org/fw-1.3.bin", 2, T1, 30),
                        "{'location':'https://fw.example.org/fw-1.3.bin','retries':2,'retrieveDate':'" + T1S
                                + "','retryInterval':30}"),
                res("UpdateFirmware", new UpdateFirmwareResponse(), "{}"));
    }

    private static final ObjectMapper MAPPER = Json.mapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serializesToSchemaValidJson(Case c) {
        // as on the wire: a long field holding 1000 reads back like the int 1000 of the expected text
        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(c.value()));
        assertThat(written).isEqualTo(MAPPER.readTree(c.json()));
        var violation = c.request()
                ? schemas.validateRequest(OcppVersion.V1_6, c.action(), written)
                : schemas.validateResponse(OcppVersion.V1_6, c.action(), written);
        assertThat(violation).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deserializesFromJson(Case c) {
        assertThat(MAPPER.readValue(c.json(), c.value().getClass())).isEqualTo(c.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void defaultMapperAgrees(Case c) {
        // The server may use its own Jackson 3 mapper; plain defaults must produce the same JSON.
        ObjectMapper plain = JsonMapper.builder().build();
        assertThat(plain.readTree(plain.writeValueAsString(c.value()))).isEqualTo(MAPPER.readTree(c.json()));
        assertThat(plain.readValue(c.json(), c.value().getClass())).isEqualTo(c.value());
    }

    @Test
    void everyCoreActionHasBothRecordsCovered() {
        Set<String> core = Set.of("Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
                "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification",
                "StopTransaction", "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
                "ClearChargingProfile", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics",
                "GetLocalListVersion", "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset",
                "SendLocalList", "SetChargingProfile", "TriggerMessage", "UnlockConnector", "UpdateFirmware");
        assertThat(core).hasSize(28).allMatch(a -> Actions.exists(OcppVersion.V1_6, a));
        Set<String> expected = core.stream().flatMap(a -> Stream.of(a + "Request", a + "Response"))
                .collect(Collectors.toSet());
        Set<String> covered = cases().map(c -> c.value().getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
        cases().forEach(c -> assertThat(c.value().getClass().getSimpleName())
                .isEqualTo(c.action() + (c.request() ? "Request" : "Response")));
    }

    @Test
    void acceptsOffsetTimestamps() {
        String json = "{'connectorId':1,'idTag':'T','meterStart':0,'timestamp':'2026-11-21T11:00:00+01:00'}"
                .replace('\'', '"');
        assertThat(MAPPER.readValue(json, StartTransactionRequest.class).timestamp()).isEqualTo(T0);
        String fraction = "{'currentTime':'2026-11-21T10:00:00.250-02:00'}".replace('\'', '"');
        assertThat(MAPPER.readValue(fraction, HeartbeatResponse.class).currentTime())
                .isEqualTo(Instant.parse("2026-11-21T12:00:00.250Z"));
    }

    @Test
    void timestampsAreWrittenAsIsoStrings() {
        assertThat(MAPPER.writeValueAsString(new HeartbeatResponse(T0))).isEqualTo("{\"currentTime\":\"" + T0S + "\"}");
        assertThat(MAPPER.writeValueAsString(new HeartbeatRequest())).isEqualTo("{}");
    }
}
