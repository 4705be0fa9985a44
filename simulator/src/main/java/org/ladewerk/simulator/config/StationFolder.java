package org.ladewerk.simulator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ladewerk.ocpp.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * A folder per station, as ocpp-cs keeps them ({@code conf/cp/CP1/configuration.json}); the
 * emulator also keeps the local authorization list there ({@code localList.json}).
 */
public record StationFolder(Path directory) {

    public static final String CONFIG_FILE = "configuration.json";
    public static final String LOCAL_LIST_FILE = "localList.json";

    private static final ObjectMapper JSON = Json.mapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Path configFile() {
        return directory.resolve(CONFIG_FILE);
    }

    public StationConfig read() throws IOException {
        return JSON.readValue(configFile().toFile(), StationConfig.class);
    }

    public void write(StationConfig config) throws IOException {
        writeAtomically(configFile(), JSON.writeValueAsString(config));
    }

    public <T> List<T> readLocalList(TypeReference<List<T>> type) throws IOException {
        Path f = directory.resolve(LOCAL_LIST_FILE);
        return Files.exists(f) ? JSON.readValue(f.toFile(), type) : null;
    }

    public void writeLocalList(Object list) throws IOException {
        writeAtomically(directory.resolve(LOCAL_LIST_FILE), JSON.writeValueAsString(list));
    }

    /** A half-written file would lose the station's configuration: write beside it, then rename. */
    private static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text + System.lineSeparator());
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The station folders under {@code path}: the path itself when it holds a configuration.json,
     * else each sub-folder that does (like ocpp-cs's {@code conf/cp}), in name order.
     */
    public static List<StationFolder> discover(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(CONFIG_FILE))) return List.of(new StationFolder(path));
        var found = new ArrayList<StationFolder>();
        if (!Files.isDirectory(path)) return found;
        try (Stream<Path> children = Files.list(path)) {
            children.filter(p -> Files.isRegularFile(p.resolve(CONFIG_FILE))).sorted().map(StationFolder::new).forEach(found::add);
        }
        return found;
    }
}
