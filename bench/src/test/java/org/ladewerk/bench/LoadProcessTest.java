package org.ladewerk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.bench.LoadProcess.Jit;

/** The generator's jar unpacked for an AOT cache, and the JVM options each kind of run gets. */
class LoadProcessTest {

    @TempDir
    Path dir;

    @Test
    void extractsTheClassesIntoAPlainJarThatNamesItsLibrariesInOrder() throws IOException {
        Path exec = execJar(Map.of("Start-Class", "demo.Main", "Main-Class", "org.springframework.boot.loader.launch.JarLauncher"),
                "org/springframework/boot/loader/launch/JarLauncher.class", "loader",
                "BOOT-INF/classes/demo/Main.class", "main",
                "BOOT-INF/classes/META-INF/services/demo.Service", "demo.Impl",
                "BOOT-INF/lib/zeta-1.0.jar", "zeta",
                "BOOT-INF/lib/alpha-2.0.jar", "alpha");

        Path jar = LoadProcess.extract(exec, dir.resolve("out"));

        assertThat(jar).isEqualTo(dir.resolve("out/generator-exec.jar"));
        assertThat(Files.readString(dir.resolve("out/lib/zeta-1.0.jar"))).isEqualTo("zeta");
        assertThat(Files.readString(dir.resolve("out/lib/alpha-2.0.jar"))).isEqualTo("alpha");
        try (var plain = new JarFile(jar.toFile())) {
            Attributes main = plain.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("demo.Main");
            // the executable jar's order, which is the class path Spring Boot's launcher used
            assertThat(main.getValue(Attributes.Name.CLASS_PATH)).isEqualTo("lib/zeta-1.0.jar lib/alpha-2.0.jar");
            assertThat(Collections.list(plain.entries()).stream().map(JarEntry::getName).filter(n -> !n.startsWith("META-INF/MANIFEST")))
                    .containsExactlyInAnyOrder("demo/Main.class", "META-INF/services/demo.Service");
            assertThat(new String(plain.getInputStream(plain.getEntry("META-INF/services/demo.Service")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("demo.Impl");
        }
    }

    @Test
    void refusesAJarThatIsNotASpringBootExecutable() throws IOException {
        Path plain = execJar(Map.of("Main-Class", "demo.Main"), "demo/Main.class", "main");
        assertThatThrownBy(() -> LoadProcess.extract(plain, dir.resolve("out"))).isInstanceOf(IOException.class)
                .hasMessageContaining("Start-Class");
    }

    @Test
    void aStormRunsWithoutC2AndEveryRunAfterTheRecordingFromTheCache() throws IOException {
        Path jar = Files.createDirectories(dir.resolve("out")).resolve("generator-exec.jar");
        assertThat(LoadProcess.jvmOptions(jar, Jit.FULL)).isEmpty();
        assertThat(LoadProcess.jvmOptions(jar, Jit.STORM)).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(LoadProcess.jvmOptions(jar, Jit.RECORD)).contains("-XX:AOTCacheOutput=" + dir.resolve("out/simulator.aot"));

        Files.writeString(dir.resolve("out/simulator.aot"), "cache");
        assertThat(LoadProcess.hasAotCache(jar)).isTrue();
        assertThat(LoadProcess.jvmOptions(jar, Jit.FULL)).contains("-XX:AOTCache=" + dir.resolve("out/simulator.aot"));
        assertThat(LoadProcess.jvmOptions(jar, Jit.STORM)).contains("-XX:TieredStopAtLevel=1", "-XX:AOTCache=" + dir.resolve("out/simulator.aot"));
    }

    /** A jar with this manifest and these entries (name, content, name, content, ...), in that order. */
    private Path execJar(Map<String, String> attributes, String... entries) throws IOException {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path jar = dir.resolve("generator-exec.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new JarEntry(entries[i]));
                out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
