package org.ladewerk.simulator.v2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCPP 2.0.1 / 2.1 station's {@code configuration.json} in the layout apostoldevel/ocpp-cs uses:
 * {@code OcppVersion}, {@code ChargePointVendor/Model/SerialNumber/SoftwareVersion},
 * {@code CentralSystemURL}, {@code Evses} with their connectors, {@code ConfigurationKeys} and
 * {@code Geo}. Fields this class does not know are kept, so a file survives being saved back.
 */
public final class Station2Config {

    public record Connector(int connectorId, String type) {}

    public record Evse(int evseId, double powerW, List<Connector> connectors) {}

    private final ObjectNode root;
    private final Path file;

    private Station2Config(ObjectNode root, Path file) {
        this.root = root;
        this.file = file;
    }

    /** True when the file at {@code configuration} declares OCPP 2.x. */
    public static boolean isV2(Path configuration) throws IOException {
        return Files.exists(configuration) && Json.mapper().readTree(Files.readString(configuration)).path("OcppVersion").asString("").startsWith("2");
    }

    public static Station2Config read(Path configuration) throws IOException {
        return new Station2Config((ObjectNode) Json.mapper().readTree(Files.readString(configuration)), configuration);
    }

    public OcppVersion version() {
        return "2.1".equals(root.path("OcppVersion").asString("2.0.1")) ? OcppVersion.V2_1 : OcppVersion.V2_0_1;
    }

    public String vendor() { return root.path("ChargePointVendor").asString("Ladewerk"); }
    public String model() { return root.path("ChargePointModel").asString("Emulator"); }
    public String serialNumber() { return text("ChargePointSerialNumber"); }
    public String firmwareVersion() { return text("ChargePointSoftwareVersion"); }
    public String centralSystemUrl() { return root.path("CentralSystemURL").asString("ws://localhost:9220/ocpp"); }

    public synchronized void centralSystemUrl(String url) {
        root.put("CentralSystemURL", url);
    }

    public List<Evse> evses() {
        var evses = new ArrayList<Evse>();
        for (JsonNode e : root.path("Evses")) {
            var connectors = new ArrayList<Connector>();
            for (JsonNode c : e.path("connectors")) connectors.add(new Connector(c.path("connectorId").asInt(1), c.path("type").asString("sType2")));
            if (connectors.isEmpty()) connectors.add(new Connector(1, "sType2"));
            evses.add(new Evse(e.path("evseId").asInt(), e.path("power").asDouble(11_000), connectors));
        }
        if (evses.isEmpty()) evses.add(new Evse(1, 11_000, List.of(new Connector(1, "sType2"))));
        return evses;
    }

    /** ConfigurationKeys as name -> value. */
    public synchronized Map<String, String> keys() {
        var keys = new LinkedHashMap<String, String>();
        root.path("ConfigurationKeys").properties().forEach(e -> keys.put(e.getKey(), e.getValue().path("value").asString("")));
        return keys;
    }

    public synchronized Optional<String> key(String name) {
        JsonNode k = root.path("ConfigurationKeys").path(name);
        return k.isMissingNode() ? Optional.empty() : Optional.of(k.path("value").asString(""));
    }

    public int keyInt(String name, int fallback) {
        try {
            return key(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public synchronized boolean readonly(String name) {
        return root.path("ConfigurationKeys").path(name).path("readonly").asBoolean(false);
    }

    /** Sets a key and writes the file back (SetVariables). */
    public synchronized void set(String name, String value) throws IOException {
        ObjectNode keys = root.has("ConfigurationKeys") ? (ObjectNode) root.get("ConfigurationKeys") : root.putObject("ConfigurationKeys");
        ObjectNode key = keys.has(name) ? (ObjectNode) keys.get(name) : keys.putObject(name);
        key.put("value", value);
        if (!key.has("readonly")) key.put("readonly", false);
        if (file != null) Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private String text(String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
