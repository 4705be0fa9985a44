package org.ladewerk.server.preset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.AppServerTest;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Scope;

/** Presets through the app API (own, scope presets:write) and the admin API, with their validation. */
class PresetApiTest extends AppServerTest {

    private Api.Response put(String username, String json, Scope... scopes) {
        return api().send(asUser(username, "/api/app/v1/presets", scopes).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Api.Response get(String username) {
        return api().send(asUser(username, "/api/app/v1/presets").GET());
    }

    @Test
    void aDriverSetsAndReadsItsOwnPresetsAndTheTagPresetIsKeptBesideTheUsers() {
        String tag = unique("PT", 20);
        AppUser me = driver(List.of(tag));
        var saved = put(me.username(), """
                [{"mode":"now","maxCurrentA":16,"phases":3,"targetEnergyKWh":12.5,"departureTime":"07:30"},
                 {"idTag":"%s","mode":"minpv","maxCurrentA":10,"phases":1,"targetSocPercent":80}]""".formatted(tag));
        assertThat(saved.status()).isEqualTo(200);
        var presets = get(me.username()).json();
        assertThat(presets).hasSize(2);
        assertThat(presets.get(0).has("idTag")).isFalse();
        assertThat(presets.get(0).get("targetEnergyKWh").asDouble()).isEqualTo(12.5);
        assertThat(presets.get(0).get("departureTime").asString()).isEqualTo("07:30");
        assertThat(presets.get(1).get("idTag").asString()).isEqualTo(tag);
        assertThat(presets.get(1).get("mode").asString()).isEqualTo("minpv");
        assertThat(presets.get(1).get("targetSocPercent").asInt()).isEqualTo(80);

        // the admin sees and replaces them
        assertThat(api().get("/api/v1/users/" + me.username() + "/presets").json()).hasSize(2);
        assertThat(api().put("/api/v1/users/" + me.username() + "/presets", "[{\"mode\":\"off\"}]").status()).isEqualTo(200);
        assertThat(get(me.username()).json()).singleElement().satisfies(p -> assertThat(p.get("mode").asString()).isEqualTo("off"));
        assertThat(api().get("/api/v1/users/nobody-" + unique("x") + "/presets").status()).isEqualTo(404);
    }

    @Test
    void invalidPresetsAreRefusedWithAMessageAndChangeNothing() {
        String tag = unique("PV", 20);
        AppUser me = driver(List.of(tag));
        AppUser other = driver(List.of(unique("PO", 20)));
        assertThat(put(me.username(), "[{\"mode\":\"now\",\"maxCurrentA\":20}]").status()).isEqualTo(200);

        record Case(String body, String message) {}
        for (Case c : List.of(
                new Case("[{\"mode\":\"fast\"}]", "mode must be one of now, minpv, pv, off"),
                new Case("[{\"mode\":\"now\",\"phases\":2}]", "phases must be 1 or 3"),
                new Case("[{\"mode\":\"now\",\"maxCurrentA\":2}]", "maxCurrentA must be between 6 and 500"),
                new Case("[{\"mode\":\"minpv\"}]", "mode minpv needs maxCurrentA"),
                new Case("[{\"mode\":\"now\",\"targetEnergyKWh\":5,\"targetSocPercent\":80}]", "not both"),
                new Case("[{\"mode\":\"now\",\"targetSocPercent\":120}]", "targetSocPercent must be between 1 and 100"),
                new Case("[{\"mode\":\"now\",\"departureTime\":\"25:00\"}]", "departureTime must be a time of day"),
                new Case("[{\"mode\":\"now\"},{\"mode\":\"pv\"}]", "given twice"),
                new Case("[{\"idTag\":\"" + other.idTags().getFirst() + "\",\"mode\":\"now\"}]", "is not one of"),
                new Case("{\"mode\":\"now\"}", "not valid JSON of the expected shape"))) {
            var r = put(me.username(), c.body());
            assertThat(r.status()).as(c.body()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(c.body()).contains(c.message());
        }
        assertThat(get(me.username()).json()).singleElement().satisfies(p -> assertThat(p.get("maxCurrentA").asDouble()).isEqualTo(20));
    }

    @Test
    void aTokenWithoutPresetsWriteMayReadButNotChange() {
        AppUser me = driver(List.of(unique("PS", 20)));
        var refused = put(me.username(), "[{\"mode\":\"now\"}]", Scope.SESSIONS_READ);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asString()).contains("presets:write");
        assertThat(api().send(asUser(me.username(), "/api/app/v1/presets", Scope.SESSIONS_READ).GET()).status()).isEqualTo(200);
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/app/v1/presets")).GET()).status()).isEqualTo(401);
    }
}
