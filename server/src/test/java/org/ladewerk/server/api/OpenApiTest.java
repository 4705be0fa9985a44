package org.ladewerk.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document says what it describes and how to authenticate; a 401 says it too. */
class OpenApiTest extends ServerTest {

    @Test
    void documentHasTitleVersionDescriptionAndBothSecuritySchemes() {
        JsonNode doc = api().get("/v3/api-docs").json();
        assertThat(doc.at("/info/title").asString()).isEqualTo("Ladewerk API");
        assertThat(doc.at("/info/version").asString()).isNotBlank().isNotEqualTo("v0");
        assertThat(doc.at("/info/description").asString()).contains("X-API-Key", "HTTP Basic");
        assertThat(doc.at("/components/securitySchemes/basic/type").asString()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
        assertThat(doc.at("/components/securitySchemes/apiKey/type").asString()).isEqualTo("apiKey");
        assertThat(doc.at("/components/securitySchemes/apiKey/in").asString()).isEqualTo("header");
        assertThat(doc.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(doc.get("security").valueStream().map(r -> r.propertyNames().iterator().next())).containsExactly("basic", "apiKey");
    }

    @Test
    void unauthorizedAnswersCarryAChallenge() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var anonymous = client.send(HttpRequest.newBuilder(api().uri("/api/v1/stations")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Ladewerk\"");

            var wrongKey = client.send(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("X-API-Key", "nope").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongKey.statusCode()).isEqualTo(401);
            assertThat(wrongKey.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Ladewerk\"");

            // the web UI's own calls: a challenge no browser answers with a password dialog
            var ui = client.send(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("X-Requested-With", "fetch").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).isEqualTo(401);
            assertThat(ui.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Session "));
        }
    }
}
