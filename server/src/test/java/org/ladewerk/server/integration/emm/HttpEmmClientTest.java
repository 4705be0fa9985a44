package org.ladewerk.server.integration.emm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.support.EmmStandIn;

/** The EMM contract on the wire against a real HTTP server, and every way a call can fail ending in an answer, not an exception. */
class HttpEmmClientTest {

    private EmmStandIn emm;
    private HttpEmmClient client;

    private HttpEmmClient client(String url, Duration timeout) throws Exception {
        client = new HttpEmmClient(new LadewerkProperties.Emm(url, "key-7", Duration.ofSeconds(5), Duration.ofSeconds(60), timeout, 4, 0,
                Duration.ofSeconds(1)));
        return client;
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) client.destroy();
        if (emm != null) emm.close();
    }

    @Test
    void sendsTheContractsHeadersPathsAndBodies() throws Exception {
        emm = EmmStandIn.start(0);
        emm.settings.put("CP%201%2Fa", "{\"settings\":{\"HeartbeatInterval\":\"60\"},\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
        var c = client(emm.url() + "/", Duration.ofSeconds(5));

        var posted = c.postSession("{\"id\":42,\"energyWh\":1234}", "42").get(5, TimeUnit.SECONDS);
        assertThat(posted.ok()).isTrue();
        assertThat(posted.body()).isEqualTo("{}");
        var call = emm.calls("POST", "/charging-sessions").getFirst();
        assertThat(call.headers()).containsEntry("x-api-key", "key-7").containsEntry("idempotency-key", "42");
        assertThat(call.headers().get("content-type")).startsWith("application/json");
        assertThat(call.json().get("energyWh").asLong()).isEqualTo(1234);

        var settings = c.getSettings("CP 1/a").get(5, TimeUnit.SECONDS);
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("HeartbeatInterval");
        assertThat(c.putSettings("CP 1/a", "{\"settings\":{}}").get(5, TimeUnit.SECONDS).ok()).isTrue();
        assertThat(emm.calls("PUT", "/stations/CP%201%2Fa/settings")).hasSize(1);
        assertThat(c.postStatus("{\"stations\":[]}".getBytes()).get(5, TimeUnit.SECONDS).ok()).isTrue();
        assertThat(emm.calls("POST", "/status").getFirst().headers()).containsEntry("x-api-key", "key-7");

        emm.answer(x -> new EmmStandIn.Reply(503, "{\"error\":\"maintenance\"}"));
        var refused = c.postSession("{}", "43").get(5, TimeUnit.SECONDS);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.problem()).isEqualTo("HTTP 503");
    }

    @Test
    void aSlowEmmTimesOutWithAReason() throws Exception {
        emm = EmmStandIn.start(0);
        emm.answer(x -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        var answer = client(emm.url(), Duration.ofMillis(300)).postSession("{}", "1").get(10, TimeUnit.SECONDS);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.error()).containsIgnoringCase("timeout");
    }

    @Test
    void anEmmThatIsDownGivesAReason() throws Exception {
        var answer = client("http://127.0.0.1:" + EmmStandIn.freePort(), Duration.ofSeconds(5)).postSession("{}", "1").get(10, TimeUnit.SECONDS);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.error()).isNotBlank();
    }

    @Test
    void anAnswerBeyondTheBoundFailsTheCall() throws Exception {
        emm = EmmStandIn.start(0);
        String huge = "{\"x\":\"" + "a".repeat(HttpEmmClient.MAX_ANSWER) + "\"}";
        emm.answer(x -> new EmmStandIn.Reply(200, huge));
        var answer = client(emm.url(), Duration.ofSeconds(10)).getSettings("CP1").get(20, TimeUnit.SECONDS);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.error()).isNotBlank();
    }
}
