package org.ladewerk.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.config.Configuration.ChangeStatus;
import tools.jackson.databind.JsonNode;

/** configuration.json in the ocpp-cs layout: read as it is, written back with nothing lost. */
class StationConfigTest {

    @TempDir
    Path dir;

    private StationFolder fixture() throws IOException {
        Path station = dir.resolve("CP7");
        Files.createDirectories(station);
        try (var in = getClass().getResourceAsStream("/ocpp-cs/CP7/configuration.json")) {
            Files.copy(in, station.resolve(StationFolder.CONFIG_FILE));
        }
        return new StationFolder(station);
    }

    @Test
    void anOcppCsFileLoadsUnchanged() throws IOException {
        StationFolder folder = fixture();
        StationConfig config = folder.read();
        assertThat(config.connectorId()).extracting(ConnectorConfig::id).containsExactly(1, 20571133);
        ConnectorConfig dc = config.connectorId().get(1);
        assertThat(dc.dc()).isTrue();
        assertThat(dc.plug()).isEqualTo("CCS2");
        assertThat(dc.ratedPowerW()).isEqualTo(150_000);
        assertThat(config.connectorId().getFirst().meterValue()).isEqualTo(1520);
        assertThat(config.connectorId().getFirst().ratedPowerW()).isEqualTo(22_000);
        assertThat(config.configurationKey()).hasSize(13);
        assertThat(config.geo().location()).isEqualTo("Marienplatz, Munich");
        assertThat(config.geo().latitude()).isEqualTo(48.1372);

        JsonNode original = Json.mapper().readTree(Files.readString(folder.configFile()));
        folder.write(config);
        JsonNode written = Json.mapper().readTree(Files.readString(folder.configFile()));
        assertThat(written).isEqualTo(original);
        assertThat(written.get("Site").asString()).isEqualTo("depot north");
    }

    @Test
    void changeConfigurationFollowsOcppRulesAndIsSavedBack() throws IOException {
        StationFolder folder = fixture();
        var configuration = new Configuration(folder.read(), folder);
        assertThat(configuration.get(Keys.STATION_IDENTITY)).contains("FX-0000777");
        // defaults of keys the file lacks are there, the file's own values win
        assertThat(configuration.get(Keys.METER_VALUES_SAMPLED_DATA)).isPresent();
        assertThat(configuration.getInt(Keys.CONNECTION_TIME_OUT, 0)).isEqualTo(45);
        assertThat(configuration.get(Keys.NUMBER_OF_CONNECTORS)).contains("2");

        assertThat(configuration.change("NoSuchKey", "1")).isEqualTo(ChangeStatus.NotSupported);
        assertThat(configuration.change(Keys.CHARGE_POINT_VENDOR, "Other")).isEqualTo(ChangeStatus.Rejected);
        assertThat(configuration.change(Keys.HEARTBEAT_INTERVAL, "-5")).isEqualTo(ChangeStatus.Rejected);
        assertThat(configuration.change(Keys.METER_VALUES_SAMPLED_DATA, "Energy.Active.Import.Register,Flux")).isEqualTo(ChangeStatus.Rejected);
        assertThat(configuration.change(Keys.AUTHORIZE_REMOTE_TX_REQUESTS, "maybe")).isEqualTo(ChangeStatus.Rejected);
        assertThat(configuration.change(Keys.HEARTBEAT_INTERVAL, "120")).isEqualTo(ChangeStatus.Accepted);
        assertThat(configuration.change(Keys.METER_VALUE_SAMPLE_INTERVAL, "30")).isEqualTo(ChangeStatus.Accepted);
        assertThat(configuration.change(Keys.CENTRAL_SYSTEM_URL, "ws://elsewhere:9220/ocpp")).isEqualTo(ChangeStatus.RebootRequired);

        StationConfig saved = folder.read();
        assertThat(saved.configurationKey()).filteredOn(k -> k.key().equals(Keys.HEARTBEAT_INTERVAL))
                .singleElement().satisfies(k -> assertThat(k.value()).isEqualTo("120"));
        // a changed key the file did not have is added; untouched defaults stay out of the file
        assertThat(saved.configurationKey()).extracting(ConfigKey::key)
                .contains(Keys.METER_VALUE_SAMPLE_INTERVAL).doesNotContain(Keys.METER_VALUES_SAMPLED_DATA, Keys.NUMBER_OF_CONNECTORS);
        assertThat(saved.configurationKey().subList(0, 13)).extracting(ConfigKey::key)
                .containsExactlyElementsOf(fixtureKeys());
        assertThat(saved.geo().location()).isEqualTo("Marienplatz, Munich");
        assertThat(saved.other()).containsKey("Site");

        configuration.meterValue(1, 2750);
        assertThat(folder.read().connectorId().getFirst().meterValue()).isEqualTo(2750);
        assertThat(folder.read().connectorId().get(1).other()).containsKey("power");
    }

    @Test
    void aFolderOfStationsIsFoundLikeOcppCsConfCp() throws IOException {
        fixture();
        Path other = dir.resolve("CP8");
        new StationFolder(other).write(StationConfig.create("CP8", "ws://localhost:9220/ocpp", 1, "V", "M"));
        Files.createDirectories(dir.resolve("not-a-station"));
        assertThat(StationFolder.discover(dir)).extracting(f -> f.directory().getFileName().toString()).containsExactly("CP7", "CP8");
        assertThat(StationFolder.discover(other)).hasSize(1);
    }

    private static List<String> fixtureKeys() {
        return List.of("CentralSystemURL", "ConnectionTimeOut", "HeartbeatInterval", "ChargePointVendor", "ChargePointModel",
                "ChargePointSerialNumber", "PowermeterSerialNumber", "ChargePointSoftwareVersion", "StationIdentity",
                "PowerConsumptionTimeout", "AuthorizationCacheEnabled", "AuthorizeRemoteTxRequests", "ReserveConnectorZeroSupported");
    }
}
