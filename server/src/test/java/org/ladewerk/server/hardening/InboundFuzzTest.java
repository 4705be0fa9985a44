package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Fuzzes the whole inbound path (frame parser, schema validation, every 1.6 and 2.x handler, the
 * store) of a running server through real OCPP-J connections, with schema-valid messages built from
 * the official schemas and pushed to their extremes ({@link SchemaValidMessages}). Invariants: every
 * CALL is answered with a CALLRESULT or a definite CALLERROR (never InternalError, which a station
 * retries forever), the connection survives, the database stays usable, the group-commit writer
 * lives and the heap stays bounded. {@code mvn verify} runs a short, fixed-seed run; a long one:
 * {@code mvn -pl server -am verify -Dtest=InboundFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=20000}.
 */
class InboundFuzzTest {

    private static final OcppSchemas SCHEMAS = OcppSchemas.load();
    private static RunningServer server;
    private static final Map<OcppVersion, TestStation> stations = new EnumMap<>(OcppVersion.class);
    private static final AtomicLong sent = new AtomicLong();
    private static final AtomicLong skipped = new AtomicLong();
    private static final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    @BeforeContainer
    static void start() {
        server = RunningServer.start(Map.of("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "ladewerk.message-log.enabled", "false"));
        for (OcppVersion v : OcppVersion.values()) {
            stations.put(v, TestStation.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp/fuzz-" + v.subprotocol()),
                    v.subprotocol(), null));
        }
    }

    @AfterContainer
    static void stop() {
        try {
            System.out.printf("InboundFuzzTest: %d messages sent, %d generated ones not schema-valid and skipped; answers %s%n",
                    sent.get(), skipped.get(), answers);
            assertThat(server.api().get("/actuator/health").json().get("status").asString()).as("health after fuzzing").isEqualTo("UP");
        } finally {
            stations.values().forEach(TestStation::close);
            server.close();
        }
    }

    @Provide
    Arbitrary<OcppVersion> versions() {
        return Arbitraries.of(OcppVersion.values());
    }

    @Property(seed = "20261129")
    void everyCallGetsADefiniteAnswer(@ForAll("versions") OcppVersion version, @ForAll int actionPick, @ForAll long seed) {
        // SEND messages (2.1) are unanswered by definition and have no request schema of that name
        List<String> actions = Actions.stationInitiated(version).stream().filter(a -> !Actions.unconfirmed(version).contains(a))
                .sorted().toList();
        String action = actions.get(Math.floorMod(actionPick, actions.size()));
        JsonNode payload = new SchemaValidMessages(seed).payload(SchemaValidMessages.schema(version, action));
        boolean valid = SCHEMAS.validateRequest(version, action, payload).isEmpty();
        if (!valid) skipped.incrementAndGet();
        Assume.that(valid);

        String id = "f" + sent.incrementAndGet();
        ArrayNode frame = Json.mapper().createArrayNode().add(2).add(id).add(action);
        frame.add(payload);
        ArrayNode answer = stations.get(version).send(frame.toString());
        assertThat(answer.get(1).asString()).as("answer to " + frame).isEqualTo(id);
        String kind = answer.get(0).asInt() == 3 ? "CALLRESULT" : answer.get(2).asString();
        answers.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        assertThat(kind).as("%s answered to %s", answer, abbreviated(frame)).isNotEqualTo("InternalError");
        assertThat(writerAlive()).as("group-commit writer alive").isTrue();
        Runtime rt = Runtime.getRuntime();
        if (sent.get() % 100 == 0) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            assertThat(used).as("heap in use after GC").isLessThan((long) (rt.maxMemory() * 0.8));
        }
    }

    private static boolean writerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("writer-group-commit") && t.isAlive());
    }

    private static String abbreviated(ArrayNode frame) {
        String text = frame.toString();
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...(" + text.length() + " chars)";
    }
}
