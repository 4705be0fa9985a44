package org.ladewerk.server.integration.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.stereotype.Component;

/** Posts JSON to the configured webhook receivers with their credentials and, for events, an HMAC signature. */
@Component
class WebhookClient {

    static final String SIGNATURE_HEADER = "X-Ladewerk-Signature";
    static final String DELIVERY_HEADER = "X-Ladewerk-Delivery";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LadewerkProperties.Webhook config;

    WebhookClient(LadewerkProperties properties) {
        this.config = properties.webhook();
    }

    CompletableFuture<HttpResponse<String>> post(String url, String body, boolean signed, String deliveryId, Duration timeout) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!config.bearerToken().isEmpty()) request.header("Authorization", "Bearer " + config.bearerToken());
        else if (!config.username().isEmpty()) request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8)));
        if (deliveryId != null) request.header(DELIVERY_HEADER, deliveryId);
        if (signed && !config.secret().isEmpty()) request.header(SIGNATURE_HEADER, "sha256=" + hmac(config.secret(), body));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Hex HMAC-SHA256 of the body, so receivers can check a post came from us and was not altered. */
    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
