package org.ladewerk.ocpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActionsTest {

    private static Set<String> schemaFiles(OcppVersion v) throws IOException, URISyntaxException {
        Path dir = Path.of(ActionsTest.class.getResource("/ocpp-spec/json/" + v.subprotocol()).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Set<String> all(OcppVersion v) {
        Set<String> all = new HashSet<>(Actions.stationInitiated(v));
        all.addAll(Actions.csmsInitiated(v));
        return all;
    }

    private static String requestFile(OcppVersion v, String action) {
        return v == OcppVersion.V1_6 || Actions.unconfirmed(v).contains(action)
                ? action + ".json" : action + "Request.json";
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void everyActionHasRequestAndResponseSchema(OcppVersion v) throws Exception {
        Set<String> files = schemaFiles(v);
        for (String action : all(v)) {
            assertThat(files).as("request schema of %s %s", v, action).contains(requestFile(v, action));
            if (!Actions.unconfirmed(v).contains(action)) {
                assertThat(files).as("response schema of %s %s", v, action).contains(action + "Response.json");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void everySchemaFileBelongsToAnAction(OcppVersion v) throws Exception {
        Set<String> expected = new HashSet<>();
        for (String action : all(v)) {
            expected.add(requestFile(v, action));
            if (!Actions.unconfirmed(v).contains(action)) {
                expected.add(action + "Response.json");
            }
        }
        assertThat(schemaFiles(v)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void onlyDataTransferGoesBothWays(OcppVersion v) {
        Set<String> both = new HashSet<>(Actions.stationInitiated(v));
        both.retainAll(Actions.csmsInitiated(v));
        assertThat(both).containsExactly("DataTransfer");
    }

    @Test
    void sizes() {
        assertThat(Actions.stationInitiated(OcppVersion.V1_6)).hasSize(14);
        assertThat(Actions.csmsInitiated(OcppVersion.V1_6)).hasSize(26);
        assertThat(all(OcppVersion.V1_6)).hasSize(39);
        assertThat(all(OcppVersion.V2_0_1)).hasSize(64);
    }

    @Test
    void directions() {
        assertThat(Actions.stationInitiated(OcppVersion.V1_6))
                .contains("BootNotification", "StartTransaction", "SignCertificate")
                .doesNotContain("RemoteStartTransaction");
        assertThat(Actions.csmsInitiated(OcppVersion.V1_6))
                .contains("RemoteStartTransaction", "GetLog", "SignedUpdateFirmware")
                .doesNotContain("BootNotification");
        for (OcppVersion v : new OcppVersion[] {OcppVersion.V2_0_1, OcppVersion.V2_1}) {
            assertThat(Actions.stationInitiated(v))
                    .contains("BootNotification", "TransactionEvent", "NotifyReport", "Get15118EVCertificate")
                    .doesNotContain("RequestStartTransaction", "GetVariables");
            assertThat(Actions.csmsInitiated(v))
                    .contains("RequestStartTransaction", "GetVariables", "SetVariables", "CostUpdated")
                    .doesNotContain("TransactionEvent", "StartTransaction");
        }
        assertThat(Actions.stationInitiated(OcppVersion.V2_1)).contains("NotifyPeriodicEventStream", "BatterySwap");
        assertThat(Actions.csmsInitiated(OcppVersion.V2_1)).contains("SetDERControl", "RequestBatterySwap");
        assertThat(Actions.unconfirmed(OcppVersion.V2_1)).containsExactly("NotifyPeriodicEventStream");
        assertThat(Actions.unconfirmed(OcppVersion.V2_0_1)).isEmpty();
    }

    @Test
    void exists() {
        assertThat(Actions.exists(OcppVersion.V1_6, "StartTransaction")).isTrue();
        assertThat(Actions.exists(OcppVersion.V1_6, "TransactionEvent")).isFalse();
        assertThat(Actions.exists(OcppVersion.V2_0_1, "TransactionEvent")).isTrue();
        assertThat(Actions.exists(OcppVersion.V2_0_1, "StartTransaction")).isFalse();
        assertThat(Actions.exists(OcppVersion.V2_0_1, "BatterySwap")).isFalse();
        assertThat(Actions.exists(OcppVersion.V2_1, "BatterySwap")).isTrue();
        assertThat(Actions.exists(OcppVersion.V2_1, "bootnotification")).isFalse();
    }
}
