package org.ladewerk.server.integration.emm;

import java.util.concurrent.CompletableFuture;

/**
 * Everything Ladewerk says to the energy-management application (docs/emm-openapi.yaml): the four calls
 * of its contract. The HTTP adapter sends {@code X-API-Key} with each; tests and other transports can
 * stand in behind this seam.
 */
public interface EmmClient {

    /** An answer: the HTTP status and body, or why there was none. */
    record Answer(int status, String body, String error) {
        public boolean ok() {
            return error == null && status / 100 == 2;
        }

        public String problem() {
            return error != null ? error : "HTTP " + status;
        }
    }

    /** POST {emm}/charging-sessions with the session as JSON; {@code idempotencyKey} is the session id. */
    CompletableFuture<Answer> postSession(String json, String idempotencyKey);

    /** POST {emm}/status with the status snapshot. */
    CompletableFuture<Answer> postStatus(byte[] json);

    /** GET {emm}/stations/{stationId}/settings. */
    CompletableFuture<Answer> getSettings(String stationId);

    /** PUT {emm}/stations/{stationId}/settings with the settings as read from the station. */
    CompletableFuture<Answer> putSettings(String stationId, String json);
}
