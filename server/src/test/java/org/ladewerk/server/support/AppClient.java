package org.ladewerk.server.support;

import java.net.http.HttpRequest;
import org.ladewerk.server.support.Api.Response;

/** Calls to the app API ({@code /api/app/v1}) as a driver app makes them: with a Bearer token. */
public record AppClient(Api api, String token) {

    /** Creates a user through the admin API ({@code /api/v1/users}); fails the test unless it is created. */
    public static void createUser(Api admin, String username, String password, String role, String idTagsJson, String chargePointsJson) {
        Response r = admin.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"" + role
                + "\",\"idTags\":" + idTagsJson + ",\"chargePoints\":" + chargePointsJson + "}");
        if (r.status() != 201) throw new AssertionError("user not created: " + r);
    }

    /** Logs in for a token with all scopes. */
    public static AppClient logIn(Api api, String username, String password) {
        return logIn(api, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /** Logs in with the given token request body. */
    public static AppClient logIn(Api api, String body) {
        Response r = api.send(HttpRequest.newBuilder(api.uri("/api/app/v1/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.status() != 201) throw new AssertionError("no token: " + r);
        return new AppClient(api, r.json().get("token").asString());
    }

    public long tokenId() {
        return get("/api/app/v1/me").json().get("tokenId").asLong();
    }

    public Response get(String path) {
        return api.send(request(path).GET());
    }

    public Response post(String path, String json) {
        return api.send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return api.send(request(path).DELETE());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + token);
    }
}
