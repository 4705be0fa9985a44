package org.ladewerk.server;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/** Every {@code ladewerk.*} setting; the README documents each one with its environment variable. */
@ConfigurationProperties("ladewerk")
public record LadewerkProperties(
        @DefaultValue Ocpp ocpp,
        @DefaultValue Authorization authorization,
        @DefaultValue DataTransfer dataTransfer,
        @DefaultValue Api api,
        @DefaultValue Store store,
        @DefaultValue Webhook webhook,
        @DefaultValue MessageLog messageLog,
        @DefaultValue Transactions transactions,
        @DefaultValue Outbox outbox,
        @DefaultValue ChargingData chargingData,
        @DefaultValue Emm emm,
        @DefaultValue Status status,
        @DefaultValue App app) {

    public enum UnknownStations { ACCEPT, PENDING, REJECT }

    /** Where the message log keeps frames: {@code auto} is files on H2 and the table on any other database. */
    public enum MessageLogStorage { AUTO, FILES, TABLE }

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
            @DefaultValue("90s") Duration idleTimeout,
            /**
             * Most stations whose calls are read and being answered at once; the others' calls wait unread in their
             * sockets. 256 shortens the REST API's tail under overload but answered 9 % fewer MeterValues at
             * 20,000/s offered (round 39).
             */
            @DefaultValue("1024") int maxCallsInProgress) {}

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
            /** Keys accepted in the X-API-Key header; {@code key:operator} or {@code key:read} gives one a role (default admin). */
            @DefaultValue List<String> keys) {}

    public record Store(
            /** Most station messages committed together in one database transaction. */
            @DefaultValue("1000") int maxBatch,
            /** Most station messages waiting for the group commit, and their size; a full queue makes stations wait. */
            @DefaultValue("100000") int maxQueue,
            @DefaultValue("256MB") DataSize maxQueueBytes,
            /** How long a station message waits for room in a full queue before it is refused (the station retries). */
            @DefaultValue("10s") Duration queueTimeout,
            /**
             * How long the group commit waits for more messages before committing a batch that is not full:
             * fewer, larger commits cost less CPU (every commit rewrites the B-tree pages it touched), but
             * every message waits up to this long (0: commit at once).
             */
            @DefaultValue("2ms") Duration linger,
            /**
             * H2 file databases: fsync after each group commit, before the stations are answered, so what they
             * were told is stored outlives a power loss too; off, a crash of the server only. Off by default: on
             * a disk that other files are written to, an fsync can wait seconds (round 38).
             */
            @DefaultValue("false") boolean h2Sync) {}

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
            @DefaultValue("10m") Duration maxBackoff,
            /** Posts in flight at once to each receiver (never two of one station at a time). */
            @DefaultValue("8") int parallelism) {}

    public record MessageLog(
            /** Keep every OCPP frame in and out (the station page's message log). */
            @DefaultValue("true") boolean enabled,
            /** Frames older than this are purged (checked hourly). */
            @DefaultValue("7d") Duration retention,
            /** Most bytes of frames waiting to be logged; frames beyond are not logged (counted and warned). */
            @DefaultValue("64MB") DataSize maxQueueBytes,
            /** Where frames are kept: files (data-dir/message-log), table (message_log_block), auto = files on H2, table otherwise. */
            @DefaultValue("auto") MessageLogStorage storage) {}

    public record Transactions(
            /**
             * An open transaction whose connector reports Available this long after its last energy
             * reading (or start) is closed by the central system; so is one whose station booted since.
             */
            @DefaultValue("15m") Duration staleAfter) {}

    public record Outbox(
            /** Delivered rows are deleted after this long; rows given up stay until re-sent. */
            @DefaultValue("24h") Duration retention,
            @DefaultValue("10m") Duration purgeInterval,
            /** How long a node holds a row it is posting; a row of a node that died is posted again after this. */
            @DefaultValue("60s") Duration claimLease) {}

    public record ChargingData(
            /** Append each completed plug-in session to data-dir/charging-data/station/yyyy-MM.csv. */
            @DefaultValue("true") boolean archive,
            /** Field separator of the CSV archive and export, e.g. ";" for spreadsheets with a decimal comma. */
            @DefaultValue(",") String csvSeparator,
            /** Decimal mark of numbers with a fraction in the CSV archive and export: "." or ",". */
            @DefaultValue(".") String decimalMark,
            /** A session plugged in longer than this without an unplug is closed as stale (checked hourly). */
            @DefaultValue("7d") Duration maxSessionDuration) {}

    public record Emm(
            /** Base URL of the energy-management application; empty turns the EMM link off. */
            @DefaultValue("") String url,
            /** Sent as X-API-Key on every call to the EMM. */
            @DefaultValue("") String apiKey,
            /** Live status is posted this often while anything changed. */
            @DefaultValue("5s") Duration statusInterval,
            /** Settings are pulled from the EMM this often (and on each station boot). */
            @DefaultValue("60s") Duration syncInterval,
            /** Timeout of one call to the EMM. */
            @DefaultValue("10s") Duration timeout,
            /** Session posts in flight at once (each of a different station). */
            @DefaultValue("32") int parallelism,
            /** Most session posts started per second (0: no limit), so a backlog after an outage drains beside station traffic. */
            @DefaultValue("700") double maxRate,
            /** Longest wait between attempts of a session post (the wait doubles from 1 s); they are never given up. */
            @DefaultValue("5m") Duration maxBackoff) {}

    public record Status(
            /** GET /api/v1/status.json without credentials. */
            @Name("public") @DefaultValue("false") boolean publicAccess,
            /** Origins allowed to read status.json from a browser (CORS). */
            @DefaultValue List<String> corsOrigins,
            /** Where the status JSON is written every refresh (temp file and rename); empty: not written. */
            @DefaultValue("") String file,
            /** The snapshot is rebuilt at most this often. */
            @DefaultValue("5s") Duration refresh) {}

    public record App(
            /** Origins allowed to call /api/app/v1 from a browser (CORS); empty: none. */
            @DefaultValue List<String> corsOrigins,
            /** Base64 key (32 bytes) of the tokens' HMAC; empty: app-token.key in the data dir. Set it when several nodes share one database. */
            @DefaultValue("") String tokenSecret,
            /** Lifetime of a token issued without expiresIn, and the longest one may ask for. */
            @DefaultValue("30d") Duration tokenLifetime,
            @DefaultValue("365d") Duration maxTokenLifetime,
            /** Requests per token, and per client address, allowed in each rate-limit period; past it: 429 with Retry-After. */
            @DefaultValue("120") int ratePerToken,
            @DefaultValue("600") int ratePerAddress,
            @DefaultValue("1m") Duration ratePeriod,
            /** Bytes of live values waiting to be sent to one WebSocket client; a client that falls further behind is dropped. */
            @DefaultValue("256KB") DataSize liveQueueBytes) {}
}
