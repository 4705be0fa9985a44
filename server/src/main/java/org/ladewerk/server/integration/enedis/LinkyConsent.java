package org.ladewerk.server.integration.enedis;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.ladewerk.server.meter.MeterImporter;
import org.ladewerk.server.meter.MeterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The consent flow: a user is sent to Enedis' consent page with a fresh state, comes back to the
 * redirect URI with a code and the usage point id, the code is exchanged for tokens, and the meter
 * is stored with the user as its owner and imported at once (its first backfill).
 */
public final class LinkyConsent {
    private static final Logger log = LoggerFactory.getLogger(LinkyConsent.class);

    /** A refused consent step, with the message the user sees. */
    public static final class ConsentException extends RuntimeException {
        public ConsentException(String message) {
            super(message);
        }
    }

    private final EnedisProperties properties;
    private final ConsentStates states;
    private final EnedisTokens tokens;
    private final MeterStore meters;
    private final MeterImporter importer;
    private final Clock clock = Clock.systemUTC();

    LinkyConsent(EnedisProperties properties, ConsentStates states, EnedisTokens tokens, MeterStore meters, MeterImporter importer) {
        this.properties = properties;
        this.states = states;
        this.tokens = tokens;
        this.meters = meters;
        this.importer = importer;
    }

    /** The consent page's URL for this user. */
    public String start(String principal) {
        requireConfigured();
        return tokens.authorizationUri(states.issue(principal, clock.instant()));
    }

    /** Handles the redirect; returns the usage point id of the consented meter. */
    public String complete(String principal, String code, String state, String usagePointId) {
        requireConfigured();
        if (!states.redeem(state, principal, clock.instant()))
            throw new ConsentException("unknown, expired, already used or someone else's consent state; start the consent again");
        if (code == null || code.isBlank()) throw new ConsentException("the redirect carries no authorization code");
        if (usagePointId == null || !usagePointId.matches("\\d{14}"))
            throw new ConsentException("usage_point_id must be the 14 digits of a Linky usage point");
        var response = exchange(code, state);
        Instant now = importer.now();
        meters.consented(usagePointId, principal, now, LocalDate.ofInstant(now, MeterImporter.PARIS));
        tokens.save(usagePointId, response);
        log.info("meter {} consented by {}; first import starts", usagePointId, principal);
        importer.wake();
        return usagePointId;
    }

    private OAuth2AccessTokenResponse exchange(String code, String state) {
        try {
            return tokens.exchange(code, state);
        } catch (OAuth2AuthorizationException e) {
            throw new ConsentException("Enedis refused the authorization code: " + e.getError().getErrorCode());
        }
    }

    private void requireConfigured() {
        if (!properties.enabled() || properties.redirectUri().isBlank())
            throw new ConsentException("Enedis Data Connect is not configured (ladewerk.enedis.client-id, client-secret, redirect-uri)");
    }
}
