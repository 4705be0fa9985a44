package org.ladewerk.server.integration.enedis;

import static org.ladewerk.server.store.Sql.ts;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.ladewerk.server.meter.MeterDataException;
import org.ladewerk.server.meter.MeterDataException.Kind;
import org.ladewerk.server.store.Sql;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The OAuth2 side of Data Connect, done by Spring Security's OAuth2 client: the consent page's URL,
 * the exchange of the redirect's code, and fresh access tokens for the import. Tokens are stored
 * per usage point, encrypted ({@link TokenCipher}), and renewed {@link #RENEW_BEFORE} before they
 * expire: with the refresh token when Enedis gave one, else with the client-credentials grant that
 * the v5 and 2026 metering APIs use. A refresh refused as {@code invalid_grant} means the consent is
 * gone; that is reported as such and the meter is not retried. Token values are never logged.
 */
final class EnedisTokens {
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private record Stored(String accessToken, String refreshToken, Instant expiresAt) {}

    private final EnedisProperties properties;
    private final JdbcClient jdbc;
    private final TokenCipher cipher;
    private final Clock clock = Clock.systemUTC();
    private final ClientRegistration registration;
    private final RestClientAuthorizationCodeTokenResponseClient codeClient = new RestClientAuthorizationCodeTokenResponseClient();
    private final RestClientRefreshTokenTokenResponseClient refreshClient = new RestClientRefreshTokenTokenResponseClient();
    private final RestClientClientCredentialsTokenResponseClient credentialsClient = new RestClientClientCredentialsTokenResponseClient();

    EnedisTokens(EnedisProperties properties, JdbcClient jdbc, TokenCipher cipher) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.cipher = cipher;
        // without a client id nothing here is called (the consent and the import check first); the
        // registration still needs one to be built, so an installation without Enedis starts
        this.registration = ClientRegistration.withRegistrationId("enedis")
                .clientId(properties.enabled() ? properties.clientId() : "not-configured")
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(properties.redirectUri().isBlank() ? "http://localhost/" : properties.redirectUri())
                .authorizationUri(properties.authorizeEndpoint())
                .tokenUri(properties.tokenEndpoint())
                .build();
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        factory.setReadTimeout(Duration.ofSeconds(30));
        RestClient rest = RestClient.builder()
                .requestFactory(factory)
                .configureMessageConverters(c -> c.addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        codeClient.setRestClient(rest);
        refreshClient.setRestClient(rest);
        credentialsClient.setRestClient(rest);
    }

    /** Where the user gives consent; Enedis sends them back to the redirect URI with this state. */
    String authorizationUri(String state) {
        return authorizationRequest(state).getAuthorizationRequestUri();
    }

    /** Exchanges the redirect's code; throws {@link OAuth2AuthorizationException} when Enedis refuses it. */
    OAuth2AccessTokenResponse exchange(String code, String state) {
        var response = OAuth2AuthorizationResponse.success(code).redirectUri(registration.getRedirectUri()).state(state).build();
        return codeClient.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration,
                new OAuth2AuthorizationExchange(authorizationRequest(state), response)));
    }

    void save(String usagePointId, OAuth2AccessTokenResponse tokens) {
        OAuth2AccessToken access = tokens.getAccessToken();
        String refresh = tokens.getRefreshToken() == null ? null : cipher.encrypt(tokens.getRefreshToken().getTokenValue(), usagePointId);
        Instant expires = access.getExpiresAt() != null ? access.getExpiresAt() : clock.instant().plus(Duration.ofHours(1));
        Instant now = clock.instant();
        String encrypted = cipher.encrypt(access.getTokenValue(), usagePointId);
        int updated = jdbc.sql("""
                UPDATE enedis_token SET access_token = ?, refresh_token = COALESCE(?, refresh_token), expires_at = ?, updated_at = ?
                WHERE usage_point_id = ?""").params(encrypted, refresh, ts(expires), ts(now), usagePointId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO enedis_token (usage_point_id, access_token, refresh_token, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(usagePointId, encrypted, refresh, ts(expires), ts(now)).update();
        }
    }

    /** A valid access token for the usage point, renewed first when it is about to expire. */
    String accessToken(String usagePointId) {
        Stored stored = jdbc.sql("SELECT access_token, refresh_token, expires_at FROM enedis_token WHERE usage_point_id = ?")
                .param(usagePointId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), Sql.instant(rs, "expires_at")))
                .optional()
                .orElseThrow(() -> new MeterDataException(Kind.CONSENT_EXPIRED, "no token stored for this meter; give consent again"));
        Instant now = clock.instant();
        if (stored.expiresAt().isAfter(now.plus(RENEW_BEFORE))) return cipher.decrypt(stored.accessToken(), usagePointId);
        OAuth2AccessTokenResponse renewed;
        try {
            if (stored.refreshToken() != null) {
                var current = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired", now.minusSeconds(2), now.minusSeconds(1));
                var refresh = new OAuth2RefreshToken(cipher.decrypt(stored.refreshToken(), usagePointId), null);
                renewed = refreshClient.getTokenResponse(new OAuth2RefreshTokenGrantRequest(registration, current, refresh));
            } else {
                var credentials = ClientRegistration.withClientRegistration(registration)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build();
                renewed = credentialsClient.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(credentials));
            }
        } catch (OAuth2AuthorizationException e) {
            String code = e.getError().getErrorCode();
            if ("invalid_grant".equals(code))
                throw new MeterDataException(Kind.CONSENT_EXPIRED, "Enedis refused the token refresh (invalid_grant): the consent has expired or was withdrawn");
            throw new MeterDataException(Kind.UNAVAILABLE, "token renewal failed: " + code);
        }
        save(usagePointId, renewed);
        return renewed.getAccessToken().getTokenValue();
    }

    /** After a 401: the token is renewed on the next request. */
    void invalidate(String usagePointId) {
        jdbc.sql("UPDATE enedis_token SET expires_at = ? WHERE usage_point_id = ?").params(ts(Instant.EPOCH), usagePointId).update();
    }

    private OAuth2AuthorizationRequest authorizationRequest(String state) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId())
                .redirectUri(registration.getRedirectUri())
                .state(state)
                .additionalParameters(Map.of("duration", properties.consentDuration()))
                .build();
    }
}
