package org.ladewerk.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.Api.Response;
import org.ladewerk.server.support.AppClient;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, over real HTTP: users and roles on /api/v1, API keys with a role, app tokens
 * (issue, scopes, revoke, rate limit), and that a token never reaches another user's data.
 */
@TestPropertySource(properties = {
        "ladewerk.app.rate-per-token=15",
        "ladewerk.app.rate-per-address=100000",
        "ladewerk.app.cors-origins=https://app.example",
        "ladewerk.api.keys=admin-key-1234,operator-key-1234:operator,read-key-1234:read",
        // as behind the TLS proxy of docs/nginx-ladewerk.conf
        "server.forward-headers-strategy=native"})
class AppAccessTest extends ServerTest {

    private static final String PASSWORD = "correct-horse-9";

    private String driver(String station, String tag) {
        String name = unique("drv");
        AppClient.createUser(api(), name, PASSWORD, "driver", "[\"" + tag + "\"]", "[{\"stationId\":\"" + station + "\",\"evseId\":1}]");
        return name;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Response as(String authHeader, String headerName, String method, String path, String json) {
        var request = HttpRequest.newBuilder(api().uri(path)).header(headerName, authHeader).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return api().send(request);
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void badUserInputIsRefusedWithAMessage() {
        String tag = unique("T", 20);
        String first = driver("CP-X", tag);
        Response duplicate = api().post("/api/v1/users", "{\"username\":\"" + first + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"driver\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("taken");
        Response tagTaken = api().post("/api/v1/users", "{\"username\":\"" + unique("u") + "\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"driver\",\"idTags\":[\"" + tag + "\"]}");
        assertThat(tagTaken.status()).isEqualTo(409);
        assertThat(tagTaken.body()).contains(tag, "another user");
        Response role = api().post("/api/v1/users", "{\"username\":\"" + unique("u") + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"root\"}");
        assertThat(role.status()).isEqualTo(400);
        assertThat(role.body()).contains("admin, operator, driver");
        assertThat(api().post("/api/v1/users", "{\"username\":\"" + unique("u") + "\",\"password\":\"\",\"role\":\"driver\"}").body())
                .contains("password is required");
        assertThat(api().post("/api/v1/users", "{\"username\":\"" + unique("u") + "\",\"password\":\"short\",\"role\":\"driver\"}").status())
                .isEqualTo(400);
        assertThat(api().post("/api/v1/users", "{\"username\":\"" + unique("u") + "\",\"password\":\"aaaaaaaaaaaa\",\"role\":\"driver\"}").body())
                .contains("too weak");
        assertThat(api().post("/api/v1/users", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\",\"role\":\"driver\"}").status())
                .isEqualTo(409);
    }

    @Test
    void usersAreEditedAndDeletedByAdminsAndTheTagsBecomeKnown() {
        String name = driver("CP-E", unique("T", 20));
        JsonNode user = api().get("/api/v1/users").json().valueStream().filter(u -> u.get("username").asString().equals(name))
                .findFirst().orElseThrow();
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("passwordHash")).isFalse();
        long id = user.get("id").asLong();
        String newTag = unique("N", 20);
        Response changed = api().put("/api/v1/users/" + id, "{\"role\":\"operator\",\"idTags\":[\"" + newTag
                + "\"],\"chargePoints\":[{\"stationId\":\"CP-F\",\"evseId\":0}]}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("role").asString()).isEqualTo("operator");
        assertThat(changed.json().get("idTags").get(0).asString()).isEqualTo(newTag);
        assertThat(api().get("/api/v1/id-tags/" + newTag).json().get("status").asString()).isEqualTo("Accepted");
        // the password was kept: the user (now operator) still logs in with it
        assertThat(as(basic(name, PASSWORD), "Authorization", "GET", "/api/v1/stations", null).status()).isEqualTo(200);
        assertThat(api().delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(as(basic(name, PASSWORD), "Authorization", "GET", "/api/v1/stations", null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/audit?actor=admin").json().valueStream().map(e -> e.get("action").asString() + " " + e.get("target").asString()))
                .contains("user.create " + name, "user.update " + name, "user.delete " + name);
    }

    @Test
    void rolesDecideWhatTheApiAllows() {
        String operator = unique("op");
        AppClient.createUser(api(), operator, PASSWORD, "operator", "[]", "[]");
        String op = basic(operator, PASSWORD);
        assertThat(as(op, "Authorization", "GET", "/api/v1/stations", null).status()).isEqualTo(200);
        assertThat(as(op, "Authorization", "PUT", "/api/v1/id-tags/" + unique("T", 20), "{\"status\":\"Accepted\"}").status()).isIn(200, 201);
        assertThat(as(op, "Authorization", "GET", "/api/v1/users", null).status()).isEqualTo(403);
        assertThat(as(op, "Authorization", "POST", "/api/v1/users", "{\"username\":\"x\",\"password\":\"" + PASSWORD + "\",\"role\":\"admin\"}").status())
                .isEqualTo(403);
        assertThat(as(op, "Authorization", "GET", "/api/v1/audit", null).status()).isEqualTo(403);

        String driver = driver("CP-D", unique("T", 20));
        assertThat(as(basic(driver, PASSWORD), "Authorization", "GET", "/api/v1/stations", null).status()).isEqualTo(403);
        assertThat(as(basic(driver, "wrong-password"), "Authorization", "GET", "/api/v1/stations", null).status()).isEqualTo(401);
    }

    @Test
    void apiKeysHaveRoles() {
        String station = unique("CP");
        String command = "/api/v1/stations/" + station + "/commands/Reset";
        assertThat(as("read-key-1234", "X-API-Key", "GET", "/api/v1/stations", null).status()).isEqualTo(200);
        assertThat(as("read-key-1234", "X-API-Key", "POST", command, "{\"type\":\"Soft\"}").status()).isEqualTo(403);
        assertThat(as("read-key-1234", "X-API-Key", "PUT", "/api/v1/id-tags/" + unique("T", 20), "{\"status\":\"Accepted\"}").status()).isEqualTo(403);
        // the operator key gets through to the command (the station is not connected: 404), not to users
        assertThat(as("operator-key-1234", "X-API-Key", "POST", command, "{\"type\":\"Soft\"}").status()).isEqualTo(404);
        assertThat(as("operator-key-1234", "X-API-Key", "GET", "/api/v1/users", null).status()).isEqualTo(403);
        assertThat(as("admin-key-1234", "X-API-Key", "GET", "/api/v1/users", null).status()).isEqualTo(200);
        assertThat(as("nope", "X-API-Key", "GET", "/api/v1/stations", null).status()).isEqualTo(401);
    }

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndRevoked() throws Exception {
        String name = driver("CP-T", unique("T", 20));
        var wrong = api().send(HttpRequest.newBuilder(api().uri("/api/app/v1/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"nope-nope-nope\"}")));
        assertThat(wrong.status()).isEqualTo(401);

        var issued = raw(HttpRequest.newBuilder(api().uri("/api/app/v1/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                        + "\",\"scopes\":[\"sessions:read\"],\"expiresIn\":3600}")));
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode body = Api.Response.class.cast(new Response(issued.statusCode(), issued.body())).json();
        assertThat(body.get("scopes").valueStream().map(JsonNode::asString).toList()).containsExactly("sessions:read");
        assertThat(body.get("expiresAt").asString()).isNotBlank();
        var app = new AppClient(api(), body.get("token").asString());
        long id = body.get("id").asLong();

        JsonNode me = app.get("/api/app/v1/me").json();
        assertThat(me.get("username").asString()).isEqualTo(name);
        assertThat(me.get("role").asString()).isEqualTo("driver");
        Response list = app.get("/api/app/v1/tokens");
        assertThat(list.json().get(0).get("id").asLong()).isEqualTo(id);
        assertThat(list.body()).doesNotContain(body.get("token").asString()).doesNotContain("hash");
        // a scope it lacks
        assertThat(app.post("/api/app/v1/charge-points/CP-T/1/start", "{}").status()).isEqualTo(403);

        assertThat(app.delete("/api/app/v1/tokens/" + id).status()).isEqualTo(204);
        Response after = app.get("/api/app/v1/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(api().get("/api/v1/audit?actor=" + name).json().valueStream().map(e -> e.get("action").asString()))
                .contains("token.issue", "token.revoke");
        assertThat(new AppClient(api(), "lwt_made-up").get("/api/app/v1/me").status()).isEqualTo(401);
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/app/v1/me")).GET()).status()).isEqualTo(401);
    }

    @Test
    void badTokenRequestsAreRefusedWithAMessage() {
        String name = driver("CP-B", unique("T", 20));
        String base = "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"";
        for (String bad : new String[] {",\"scopes\":[\"root\"]}", ",\"scopes\":[]}", ",\"expiresIn\":-5}", ",\"expiresIn\":\"soon\"}",
                ",\"expiresIn\":\"P4000D\"}"}) {
            Response r = api().send(HttpRequest.newBuilder(api().uri("/api/app/v1/tokens")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(base + bad)));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(bad).isNotBlank();
        }
    }

    @Test
    void aTokenPastItsRateLimitGets429WithRetryAfter() throws Exception {
        String name = driver("CP-R", unique("T", 20));
        AppClient app = AppClient.logIn(api(), name, PASSWORD);
        HttpResponse<String> last = null;
        for (int i = 0; i < 16; i++) last = raw(app.request("/api/app/v1/me").GET());
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        // another token of the same user has its own budget
        assertThat(AppClient.logIn(api(), name, PASSWORD).get("/api/app/v1/me").status()).isEqualTo(200);
        assertThat(api().get("/actuator/prometheus").body()).contains("ladewerk_app_ratelimited_total{limit=\"token\"}");
    }

    @Test
    void aTokenNeverSeesAnotherUsersData() {
        String station = unique("CP");
        String mine = driver(station, unique("T", 20));
        String theirs = unique("drv");
        AppClient.createUser(api(), theirs, PASSWORD, "driver", "[\"" + unique("T", 20) + "\"]", "[{\"stationId\":\"" + station + "\",\"evseId\":2}]");
        AppClient me = AppClient.logIn(api(), mine, PASSWORD);
        AppClient other = AppClient.logIn(api(), theirs, PASSWORD);

        assertThat(other.get("/api/app/v1/me").json().get("username").asString()).isEqualTo(theirs);
        assertThat(other.get("/api/app/v1/tokens").json().valueStream().map(t -> t.get("id").asLong())).doesNotContain(me.tokenId());
        assertThat(other.delete("/api/app/v1/tokens/" + me.tokenId()).status()).isEqualTo(404);
        assertThat(me.get("/api/app/v1/me").status()).isEqualTo(200); // still valid
        assertThat(other.post("/api/app/v1/charge-points/" + station + "/1/start", "{}").status()).isEqualTo(403);
        assertThat(other.post("/api/app/v1/charge-points/" + station + "/1/stop", "{}").status()).isEqualTo(403);
        // its own charge point, but a tag that is not its own
        assertThat(other.post("/api/app/v1/charge-points/" + station + "/2/start", "{\"idTag\":\"" + me.get("/api/app/v1/me").json()
                .get("idTags").get(0).asString() + "\"}").status()).isEqualTo(403);
        assertThat(other.get("/api/app/v1/sessions").json().size()).isZero();
        // no user management, no admin API with a token
        assertThat(other.get("/api/v1/users").status()).isEqualTo(401);
        assertThat(other.get("/api/v1/audit").status()).isEqualTo(401);
    }

    @Test
    void securityHeadersAndCorsAllowList() throws Exception {
        String name = driver("CP-H", unique("T", 20));
        AppClient app = AppClient.logIn(api(), name, PASSWORD);
        var me = raw(app.request("/api/app/v1/me").GET());
        assertThat(me.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(me.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(me.headers().firstValue("Strict-Transport-Security")).isEmpty(); // plain http
        var tls = raw(app.request("/api/app/v1/me").header("X-Forwarded-Proto", "https").GET());
        assertThat(tls.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));

        var allowed = raw(HttpRequest.newBuilder(api().uri("/api/app/v1/me")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        var refused = raw(HttpRequest.newBuilder(api().uri("/api/app/v1/me")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
