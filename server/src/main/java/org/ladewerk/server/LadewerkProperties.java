package org.ladewerk.server;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Every {@code ladewerk.*} setting; the README documents each one with its environment variable. */
@ConfigurationProperties("ladewerk")
public record LadewerkProperties(
        @DefaultValue Ocpp ocpp,
        @DefaultValue Authorization authorization,
        @DefaultValue DataTransfer dataTransfer,
        @DefaultValue Api api,
        @DefaultValue Store store,
        @DefaultValue Webhook webhook,
        @DefaultValue MessageLog messageLog) {

    public enum UnknownStations { ACCEPT, PENDING, REJECT }

    public record Ocpp(
            /** What happens to a station id the system has never seen. */
            @DefaultValue("accept") UnknownStations unknownStations,
            /** Refuse stations that have no password set (security profile 1 for every station). */
            @DefaultValue("false") boolean requirePassword,
            @DefaultValue("300s") Duration heartbeatInterval,
            /** Interval a Pending or Rejected station is told to wait before booting again. */
            @DefaultValue("60s") Duration retryInterval,
            @DefaultValue("30s") Duration responseTimeout,
            /** Largest accepted text frame; a bigger CALL is answered with a CALLERROR. */
            @DefaultValue("262144") int maxFrameSize,
            @DefaultValue("30s") Duration pingInterval,
            /** A station that sends nothing (not even a pong) for this long is disconnected. */
            @DefaultValue("90s") Duration idleTimeout) {}

    public enum UnknownIdTags { ACCEPT, REJECT }

    public record Authorization(
            /** ACCEPT registers unknown id tags on first use; REJECT answers them Invalid. */
            @DefaultValue("reject") UnknownIdTags unknownIdTags) {}

    public record DataTransfer(
            /** Status answered to a station's DataTransfer: Accepted, Rejected, UnknownVendorId, UnknownMessageId. */
            @DefaultValue("Accepted") String status,
            /** Vendor ids answered with the status above; others get UnknownVendorId. Empty: all vendors. */
            @DefaultValue List<String> vendors) {}

    public record Api(
            @DefaultValue("admin") String adminUser,
            /** Plain text, or a Spring Security encoded value such as {bcrypt}$2a$... */
            @DefaultValue("admin") String adminPassword,
            /** Keys accepted in the X-API-Key header. */
            @DefaultValue List<String> keys) {}

    public record Store(
            /** Most station messages committed together in one database transaction. */
            @DefaultValue("1000") int maxBatch) {}

    public enum WebhookMode { OFF, NOTIFY, RESPOND }

    public record Webhook(
            /** Where station-initiated OCPP messages are posted; empty turns message webhooks off. */
            @DefaultValue("") String url,
            /** notify: posted from the durable outbox; respond: the webhook's answer decides the OCPP response. */
            @DefaultValue("notify") WebhookMode mode,
            /** Where domain events (online/offline, status, transaction started/stopped) are posted; empty: none. */
            @DefaultValue("") String eventsUrl,
            /** Secret for the X-Ladewerk-Signature HMAC-SHA256 header of event posts. */
            @DefaultValue("") String secret,
            /** HTTP Basic credentials, or a bearer token, sent with every post. */
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("") String bearerToken,
            /** How long respond mode waits before the built-in handling answers. */
            @DefaultValue("5s") Duration timeout,
            /** Attempts before an undeliverable post is given up; the wait doubles from 1 s up to maxBackoff. */
            @DefaultValue("20") int maxAttempts,
            @DefaultValue("10m") Duration maxBackoff) {}

    public record MessageLog(
            /** Keep every OCPP frame in and out (the station page's message log). */
            @DefaultValue("true") boolean enabled,
            /** Frames older than this are purged (checked hourly). */
            @DefaultValue("7d") Duration retention) {}
}
