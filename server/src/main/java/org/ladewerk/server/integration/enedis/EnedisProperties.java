package org.ladewerk.server.integration.enedis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code ladewerk.enedis.*} setting (the README documents each). The import is on once a
 * client id is set. Secrets ({@code client-secret}, {@code state-secret}, {@code token-key}) are
 * never logged: {@link #toString()} leaves them out.
 */
@ConfigurationProperties("ladewerk.enedis")
public record EnedisProperties(
        @DefaultValue("") String clientId,
        @DefaultValue("") String clientSecret,
        /** The redirect URI registered with Enedis: this server's {@code /api/v1/meters/linky/redirect}. */
        @DefaultValue("") String redirectUri,
        @DefaultValue("sandbox") Environment environment,
        /** Overrides the environment's API base URL (a test server, a proxy). */
        @DefaultValue("") String apiBaseUrl,
        /** Overrides {@code {api-base-url}/oauth2/v3/token}. */
        @DefaultValue("") String tokenUrl,
        /** Overrides the environment's consent page. */
        @DefaultValue("") String authorizeUrl,
        /** {@code 2026}: the Data Connect metering API ("Mesures"); {@code v5}: the metering_data v5 endpoints. */
        @DefaultValue("2026") String apiVersion,
        /** When imports run (Spring or Quartz style, six fields); meters are spread over its period. */
        @DefaultValue("0 0/10 * * * ?") String cron,
        /** Key of the HMAC that binds a consent's state to the user; empty: derived from the token key. */
        @DefaultValue("") String stateSecret,
        /** AES key (Base64, 32 bytes) for the stored tokens; empty: a key file in the data dir, made on first use. */
        @DefaultValue("") String tokenKey,
        /** How long the customer's consent is asked for (ISO 8601, at most 3 years). */
        @DefaultValue("P3Y") String consentDuration,
        /** Least time between two requests to Enedis from this node (their quota is 5 per second). */
        @DefaultValue("250ms") Duration requestInterval,
        /** Run the schedule on this node. */
        @DefaultValue("true") boolean scheduler,
        /** Most requests one meter makes in one run; a backfill continues in the next runs. */
        @DefaultValue("400") int maxRequestsPerRun) {

    public enum Environment {
        SANDBOX("https://gw.ext.prod-sandbox.api.enedis.fr", "https://ext.prod-sandbox.api.enedis.fr/dataconnect/v1/oauth2/authorize"),
        PRODUCTION("https://gw.ext.prod.api.enedis.fr", "https://mon-compte-particulier.enedis.fr/dataconnect/v1/oauth2/authorize");

        final String apiBaseUrl;
        final String authorizeUrl;

        Environment(String apiBaseUrl, String authorizeUrl) {
            this.apiBaseUrl = apiBaseUrl;
            this.authorizeUrl = authorizeUrl;
        }
    }

    public EnedisProperties {
        if (!apiVersion.equals("v5") && !apiVersion.equals("2026"))
            throw new IllegalArgumentException("ladewerk.enedis.api-version must be v5 or 2026, not " + apiVersion);
    }

    public boolean enabled() {
        return !clientId.isBlank();
    }

    public String baseUrl() {
        String url = apiBaseUrl.isBlank() ? environment.apiBaseUrl : apiBaseUrl;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String tokenEndpoint() {
        return tokenUrl.isBlank() ? baseUrl() + "/oauth2/v3/token" : tokenUrl;
    }

    public String authorizeEndpoint() {
        return authorizeUrl.isBlank() ? environment.authorizeUrl : authorizeUrl;
    }

    @Override
    public String toString() {
        return "EnedisProperties[clientId=" + clientId + ", redirectUri=" + redirectUri + ", environment=" + environment
                + ", apiBaseUrl=" + baseUrl() + ", apiVersion=" + apiVersion + ", cron=" + cron + "]";
    }
}
