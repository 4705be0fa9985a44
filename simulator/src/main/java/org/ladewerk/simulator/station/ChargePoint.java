package org.ladewerk.simulator.station;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.v16.AuthorizeRequest;
import org.ladewerk.ocpp.v16.BootNotificationRequest;
import org.ladewerk.ocpp.v16.BootNotificationResponse;
import org.ladewerk.ocpp.v16.DiagnosticsStatusNotificationRequest;
import org.ladewerk.ocpp.v16.FirmwareStatusNotificationRequest;
import org.ladewerk.ocpp.v16.HeartbeatRequest;
import org.ladewerk.ocpp.v16.IdTagInfo;
import org.ladewerk.ocpp.v16.MeterValue;
import org.ladewerk.ocpp.v16.MeterValuesRequest;
import org.ladewerk.ocpp.v16.SampledValue;
import org.ladewerk.ocpp.v16.StatusNotificationRequest;
import org.ladewerk.ocpp.v16.StopTransactionRequest;
import org.ladewerk.simulator.config.Configuration;
import org.ladewerk.simulator.config.ConnectorConfig;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallErrorException;
import org.ladewerk.simulator.link.Delivery;
import org.ladewerk.simulator.link.OcppLink;
import org.ladewerk.simulator.link.StationLink;
import org.ladewerk.simulator.soap.SoapLink;
import org.ladewerk.simulator.smartcharging.ChargingProfiles;
import org.ladewerk.simulator.smartcharging.CompositeSchedule;
import org.ladewerk.simulator.smartcharging.CompositeSchedule.TxContext;
import org.ladewerk.simulator.smartcharging.Electrical;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An emulated OCPP 1.6J charge point: boots (again while Pending or Rejected), sends heartbeats
 * and status changes, runs charging sessions whose power follows the EV's battery and the charging
 * profiles it holds, keeps charging and queues transaction messages while offline, and answers
 * every central-system call with its effect (see {@link Commands}).
 *
 * <p>All state is changed by the station's own serial tasks; the public methods are safe from any
 * thread and act through them.
 */
public final class ChargePoint {

    private static final Logger log = LoggerFactory.getLogger(ChargePoint.class);
    private static final Duration SOFT_RESET_GRACE = Duration.ofSeconds(5);

    final String identity;
    final Configuration config;
    final Environment env;
    final Behaviour behaviour;
    final RandomGenerator random;
    final SerialExecutor actor;
    final StationLink link;
    final Map<Integer, Connector> connectors = new LinkedHashMap<>();
    final ChargingProfiles profiles;
    final LocalAuthorization auth;
    private final Commands commands;

    // confined to the station's tasks
    private boolean on;
    private boolean booting;
    private Registration registration = Registration.None;
    private Ticks.Tick heartbeat;
    private Ticks.Tick meterTick;
    private ScheduledFuture<?> bootRetry;
    private ScheduledFuture<?> arrival;
    private ScheduledFuture<?> faults;
    private Duration heartbeatEvery;
    private Duration meterEvery;
    boolean stationInoperative;
    String firmwareStatus = "Idle";
    String diagnosticsStatus = "Idle";
    /** The firmware being installed: the station reboots into it and reports Installed once accepted again. */
    String installingVersion;

    // views for other threads
    private volatile Registration registrationView = Registration.None;
    private volatile Map<Integer, ConnectorState> snapshot = Map.of();
    private volatile int boots;
    private volatile String notCharging;
    private final AtomicInteger rejectedTags = new AtomicInteger();
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    public ChargePoint(String identity, Configuration config, Environment env, Behaviour behaviour) {
        this.identity = identity;
        this.config = config;
        this.env = env;
        this.behaviour = behaviour;
        this.random = new Random(env.seed() ^ identity.hashCode());
        this.actor = new SerialExecutor(env.workers());
        for (ConnectorConfig c : config.connectors()) connectors.put(c.id(), new Connector(c));
        this.profiles = new ChargingProfiles(config.getInt(Keys.CHARGE_PROFILE_MAX_STACK_LEVEL, 10),
                config.getInt(Keys.CHARGING_SCHEDULE_MAX_PERIODS, 24), config.getInt(Keys.MAX_CHARGING_PROFILES_INSTALLED, 20));
        this.auth = new LocalAuthorization(config.folder().orElse(null));
        this.commands = new Commands(this);
        // an http(s) central system URL means OCPP 1.5/1.6 over SOAP, ws(s) means OCPP-J
        this.link = SoapLink.wanted(config) ? new SoapLink(identity, config, env, new LinkHandler())
                : new OcppLink(identity, () -> config.get(Keys.CENTRAL_SYSTEM_URL, "ws://localhost:9220/ocpp"),
                () -> config.get(Keys.AUTHORIZATION_KEY).orElse(null), env.network(), env.timers(), env.schemas(),
                new LinkHandler(), env.observer(), env.link(), new OcppLink.RetryPolicy() {
                    @Override public int attempts() { return config.getInt(Keys.TRANSACTION_MESSAGE_ATTEMPTS, 3); }
                    @Override public Duration interval() { return Duration.ofSeconds(config.getInt(Keys.TRANSACTION_MESSAGE_RETRY_INTERVAL, 10)); }
                });
        publish();
    }

    // --- what others see

    public String identity() {
        return identity;
    }

    public Configuration configuration() {
        return config;
    }

    public Registration registration() {
        return registrationView;
    }

    /** How often the central system has accepted a BootNotification of this station. */
    public int boots() {
        return boots;
    }

    public boolean online() {
        return link.isOpen();
    }

    /**
     * Why the last driver could not start charging (e.g. "id tag EMULATOR rejected: Invalid"), or
     * null while nothing was refused; shown by the CLI beside the station's state.
     */
    public String notCharging() {
        return notCharging;
    }

    /** How many times a driver's tag was refused (Authorize or StartTransaction not Accepted). */
    public int rejectedTags() {
        return rejectedTags.get();
    }

    /** Calls waiting to be sent, e.g. transaction messages kept while offline. */
    public int backlog() {
        return link.backlog();
    }

    /** Completes once the station's BootNotification was first answered Accepted. */
    public CompletableFuture<Void> accepted() {
        return accepted;
    }

    /** Completes once the station was first accepted and its StatusNotifications after that boot were answered. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public ConnectorState connector(int id) {
        ConnectorState s = snapshot.get(id);
        if (s == null) throw new IllegalArgumentException(identity + " has no connector " + id);
        return s;
    }

    public List<ConnectorState> connectors() {
        return List.copyOf(snapshot.values());
    }

    // --- power and network

    /** Powers the station on: it connects and boots. */
    public void start() {
        run(() -> {
            on = true;
            link.start();
        });
    }

    /**
     * Switches the station off in order: running transactions are stopped (reason PowerLoss), and
     * the station disconnects once they are delivered or {@code grace} has passed.
     */
    public CompletableFuture<Void> shutdown(Duration grace) {
        var done = new CompletableFuture<Void>();
        run(() -> {
            on = false;
            for (Connector c : connectors.values()) if (c.charging()) stopSession(c, "PowerLoss", null);
            cancelTimers();
            long deadline = System.nanoTime() + grace.toNanos();
            awaitDrained(deadline, () -> {
                link.stop();
                link.abandon();
                done.complete(null);
            });
        });
        return done;
    }

    /** Off the network for {@code offFor} without a goodbye; charging goes on and transaction messages are queued. */
    public void loseNetwork(Duration offFor) {
        link.outage(offFor);
    }

    /** Loses the network without a goodbye; the station reconnects by itself. */
    public void dropConnection() {
        link.drop();
    }

    // --- the driver's side

    /** An EV is plugged into the connector. */
    public CompletableFuture<Void> plugIn(int connectorId, Ev ev) {
        return act(() -> {
            Connector c = connector0(connectorId);
            if (c.ev != null || c.faultCode != null || c.inoperative || c.finishing)
                throw new IllegalStateException("connector " + connectorId + " of " + identity + " is " + c.status());
            c.ev = ev;
            c.lastUpdate = now();
            updateStatus(c);
        });
    }

    /**
     * An id tag is presented at the connector: starts a transaction if it is authorized, or ends the
     * running one if it is that transaction's tag (a local stop).
     */
    public CompletableFuture<Void> presentIdTag(int connectorId, String idTag) {
        return act(() -> presentTag(connector0(connectorId), idTag));
    }

    /** The driver unplugs the EV; a running transaction stops with reason EVDisconnected. */
    public CompletableFuture<Void> unplug(int connectorId) {
        return act(() -> unplug(connector0(connectorId)));
    }

    /** Plug-in and tag in one go. */
    public CompletableFuture<Void> startSession(int connectorId, Ev ev, String idTag) {
        return plugIn(connectorId, ev).thenCompose(v -> presentIdTag(connectorId, idTag));
    }

    /** The connector reports a fault (e.g. GroundFailure); a running transaction stops. */
    public CompletableFuture<Void> fault(int connectorId, String errorCode) {
        return act(() -> fault(connector0(connectorId), errorCode));
    }

    public CompletableFuture<Void> clearFault(int connectorId) {
        return act(() -> {
            Connector c = connector0(connectorId);
            c.faultCode = null;
            updateStatus(c);
        });
    }

    // --- tasks

    void run(Runnable task) {
        actor.execute(() -> {
            try {
                task.run();
            } finally {
                publish();
            }
        });
    }

    private CompletableFuture<Void> act(Runnable task) {
        var f = new CompletableFuture<Void>();
        run(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    ScheduledFuture<?> later(Duration delay, Runnable task) {
        return env.timers().schedule(() -> run(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private Ticks.Tick every(Duration period, Runnable task) {
        long ms = Math.max(1, period.toMillis());
        // a random phase spreads thousands of stations' ticks over the period
        return env.ticks().every(ms, random.nextLong(ms), () -> run(task));
    }

    /** The meter tick; in a closed loop it is skipped right on the timer while the station still waits for an answer. */
    private Ticks.Tick everyTick(Duration period) {
        long ms = Math.max(1, period.toMillis());
        return env.ticks().every(ms, random.nextLong(ms), () -> {
            if (!behaviour.closedLoop() || link.backlog() == 0) run(this::tick);
        });
    }

    private void publish() {
        var view = new LinkedHashMap<Integer, ConnectorState>();
        connectors.values().forEach(c -> view.put(c.id, c.state()));
        snapshot = view;
        registrationView = registration;
    }

    Instant now() {
        return env.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Connector connector0(int id) {
        Connector c = connectors.get(id);
        if (c == null) throw new IllegalArgumentException(identity + " has no connector " + id);
        return c;
    }

    Registration registrationState() {
        return registration;
    }

    // --- boot, heartbeat, status

    private final class LinkHandler implements OcppLink.Handler {
        @Override
        public void connected() {
            run(() -> {
                if (!on) return;
                if (registration == Registration.Accepted) {
                    // back after a network loss: the status changes made offline were not delivered
                    sendAllStatus();
                } else {
                    boot();
                }
            });
        }

        @Override
        public void disconnected() {
            log.debug("{} disconnected", identity);
        }

        @Override
        public CompletableFuture<?> call(String action, ObjectNode payload) {
            var f = new CompletableFuture<Object>();
            run(() -> {
                try {
                    f.complete(commands.handle(action, payload));
                } catch (CallErrorException e) {
                    f.completeExceptionally(e);
                } catch (RuntimeException e) {
                    log.warn("{}: {} failed", identity, action, e);
                    f.completeExceptionally(new CallErrorException("InternalError", String.valueOf(e.getMessage())));
                }
            });
            return f;
        }
    }

    void boot() {
        if (booting || !on) return;
        booting = true;
        if (bootRetry != null) bootRetry.cancel(false);
        var request = new BootNotificationRequest(
                config.get(Keys.CHARGE_POINT_VENDOR, "Ladewerk"), config.get(Keys.CHARGE_POINT_MODEL, "Emulator"),
                config.get(Keys.CHARGE_POINT_SERIAL_NUMBER).orElse(null), null,
                config.get(Keys.CHARGE_POINT_SOFTWARE_VERSION).orElse(null), null, null, null,
                config.get(Keys.POWERMETER_SERIAL_NUMBER).orElse(null));
        link.call("BootNotification", request, Delivery.BOOT).whenComplete((answer, error) -> run(() -> {
            booting = false;
            if (!on) return;
            if (error != null) {
                log.debug("{}: BootNotification failed: {}", identity, error.toString());
                if (link.isOpen()) bootRetry = later(Duration.ofSeconds(10), this::boot);
                return;
            }
            booted(Json.mapper().treeToValue(answer, BootNotificationResponse.class));
        }));
    }

    private void booted(BootNotificationResponse r) {
        int interval = r.interval() == null ? 0 : r.interval();
        switch (r.status()) {
            case "Accepted" -> {
                boolean first = registration != Registration.Accepted;
                registration = Registration.Accepted;
                boots++;
                if (interval > 0) config.setLocally(Keys.HEARTBEAT_INTERVAL, Integer.toString(interval));
                link.ready(true);
                accepted.complete(null);
                sendAllStatus();
                scheduleHeartbeat();
                scheduleMeterTick();
                if (installingVersion != null) {
                    installingVersion = null;
                    firmwareStatus = "Installed";
                    sendFirmwareStatus();
                }
                if (first) startDriver();
            }
            default -> {
                // Pending or Rejected: only boot again, after the interval the central system asked for
                Registration answered = "Pending".equals(r.status()) ? Registration.Pending : Registration.Rejected;
                if (answered != registration) log.warn("{}: BootNotification answered {}; booting again every {} s until accepted",
                        identity, r.status(), interval > 0 ? interval : 60);
                registration = answered;
                bootRetry = later(Duration.ofSeconds(interval > 0 ? interval : 60), this::boot);
            }
        }
    }

    void scheduleHeartbeat() {
        Duration every = behaviour.heartbeatInterval() != null ? behaviour.heartbeatInterval()
                : Duration.ofSeconds(config.getInt(Keys.HEARTBEAT_INTERVAL, 300));
        if (heartbeat != null && every.equals(heartbeatEvery)) return;
        if (heartbeat != null) heartbeat.cancel();
        heartbeatEvery = every;
        heartbeat = every.isZero() ? null : every(every, this::sendHeartbeat);
    }

    void scheduleMeterTick() {
        Duration every = sampleInterval();
        // without sampling the battery still fills: physics runs every 10 s then
        Duration tick = every.isZero() ? Duration.ofSeconds(10) : every;
        if (meterTick != null && tick.equals(meterEvery)) return;
        if (meterTick != null) meterTick.cancel();
        meterEvery = tick;
        meterTick = everyTick(tick);
    }

    private Duration sampleInterval() {
        return behaviour.meterInterval() != null ? behaviour.meterInterval()
                : Duration.ofSeconds(config.getInt(Keys.METER_VALUE_SAMPLE_INTERVAL, 60));
    }

    void sendHeartbeat() {
        if (registration != Registration.Accepted) return;
        link.call("Heartbeat", new HeartbeatRequest(), Delivery.ONLINE).exceptionally(e -> null);
    }

    void sendAllStatus() {
        var sent = new ArrayList<CompletableFuture<?>>();
        sent.add(statusNotification(0, stationInoperative ? ConnectorStatus.Unavailable : ConnectorStatus.Available, "NoError"));
        for (Connector c : connectors.values()) {
            c.reported = c.status();
            sent.add(statusNotification(c.id, c.reported, c.faultCode == null ? "NoError" : c.faultCode));
        }
        if (!ready.isDone()) CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> ready.complete(null));
    }

    /** Sends a StatusNotification when what the connector does now differs from what was last reported. */
    void updateStatus(Connector c) {
        ConnectorStatus s = c.status();
        if (s == c.reported) return;
        c.reported = s;
        statusNotification(c.id, s, c.faultCode == null ? "NoError" : c.faultCode);
    }

    CompletableFuture<?> statusNotification(int connectorId, ConnectorStatus s, String errorCode) {
        if (registration != Registration.Accepted) return CompletableFuture.completedFuture(null);
        return link.call("StatusNotification", new StatusNotificationRequest(connectorId, errorCode, null, s.name(), now(), null, null),
                Delivery.ONLINE).exceptionally(e -> null);
    }

    void sendFirmwareStatus() {
        link.call("FirmwareStatusNotification", new FirmwareStatusNotificationRequest(firmwareStatus), Delivery.ONLINE)
                .exceptionally(e -> null);
    }

    void sendDiagnosticsStatus() {
        link.call("DiagnosticsStatusNotification", new DiagnosticsStatusNotificationRequest(diagnosticsStatus), Delivery.ONLINE)
                .exceptionally(e -> null);
    }

    private void cancelTimers() {
        for (Ticks.Tick t : new Ticks.Tick[] {heartbeat, meterTick}) if (t != null) t.cancel();
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {bootRetry, arrival, faults}) if (f != null) f.cancel(false);
        heartbeat = meterTick = null;
        bootRetry = arrival = faults = null;
        for (Connector c : connectors.values()) {
            if (c.departure != null) c.departure.cancel(false);
            c.departure = null;
        }
    }

    // --- reboot

    /** Reset: transactions stop, the station goes offline and boots again. */
    void reboot(boolean hard) {
        for (Connector c : connectors.values()) {
            if (c.charging()) stopSession(c, hard ? "HardReset" : "SoftReset", null);
            c.ev = null;
            c.finishing = false;
            clearReservation(c);
        }
        cancelTimers();
        if (hard) {
            powerCycle();
        } else {
            // a soft reset first delivers the stops; a hard one sends them after booting again
            awaitDrained(System.nanoTime() + SOFT_RESET_GRACE.toNanos(), this::powerCycle);
        }
    }

    void powerCycle() {
        registration = Registration.None;
        booting = false;
        cancelTimers();
        link.ready(false);
        connectors.values().forEach(c -> c.reported = null);
        link.restart(env.rebootTime());
    }

    private void awaitDrained(long deadlineNanos, Runnable then) {
        if (link.backlog() == 0 || System.nanoTime() >= deadlineNanos || !link.isOpen()) {
            then.run();
        } else {
            later(Duration.ofMillis(50), () -> awaitDrained(deadlineNanos, then));
        }
    }

    // --- charging

    private void tick() {
        Instant now = now();
        refresh(now);
        boolean sampling = !sampleInterval().isZero() && !(behaviour.closedLoop() && link.backlog() > 0);
        for (Connector c : connectors.values()) {
            if (!c.charging()) continue;
            if (sampling) sendMeterValues(c, now, "Sample.Periodic");
            if (c.ev != null && c.ev.full() && automated() && c.departure != null
                    && c.departure.getDelay(TimeUnit.MILLISECONDS) > behaviour.leaveWhenFull().toMillis()) {
                c.departure.cancel(false);
                c.departure = later(behaviour.leaveWhenFull(), () -> unplug(c));
            }
        }
    }

    /** Brings energy up to now, shares the power out again and reports status changes. */
    void refresh(Instant now) {
        connectors.values().forEach(c -> advance(c, now));
        allocatePower(now);
        connectors.values().forEach(this::updateStatus);
    }

    private void advance(Connector c, Instant now) {
        if (c.lastUpdate != null && c.charging() && c.ev != null && c.powerW > 0) {
            double seconds = Duration.between(c.lastUpdate, now).toMillis() / 1000.0;
            c.meterWh += c.ev.charge(c.powerW, seconds);
        }
        c.lastUpdate = now;
    }

    /**
     * What each charging EV may draw: the composite schedule of its connector, its share of the
     * station limit (ChargePointMaxProfile), the connector rating; below 6 A an AC EV cannot charge.
     */
    private void allocatePower(Instant now) {
        List<Connector> active = connectors.values().stream().filter(c -> c.charging() && c.ev != null).toList();
        double station = CompositeSchedule.limitW(profiles.all(), 0, now, TxContext.none(now), Electrical.ac(3));
        double share = active.isEmpty() ? Double.POSITIVE_INFINITY : station / active.size();
        for (Connector c : connectors.values()) {
            if (!active.contains(c) || c.faultCode != null || c.session.deauthorized) {
                c.powerW = 0;
                c.offeredW = 0;
                continue;
            }
            var tx = new TxContext(c.session.transactionId, c.session.start, now);
            Electrical supply = c.supply();
            double offered = Math.min(c.ratedW, Math.min(share, CompositeSchedule.limitW(profiles.all(), c.id, now, tx, supply)));
            if (!supply.dc() && offered < supply.watts(6, null)) offered = 0;
            c.offeredW = offered;
            c.powerW = c.ev.draw(supply.dc(), offered);
        }
    }

    void sendMeterValues(Connector c, Instant at, String context) {
        List<SampledValue> values = Metering.sample(c, config.getList(Keys.METER_VALUES_SAMPLED_DATA), context, random);
        if (values.isEmpty()) return;
        Session s = c.charging() ? c.session : null;
        List<MeterValue> mv = List.of(new MeterValue(at, values));
        if (s == null) {
            link.call("MeterValues", new MeterValuesRequest(c.id, null, mv), Delivery.ONLINE).exceptionally(e -> null);
        } else {
            // transaction-related: kept while offline, and rendered when sent so it carries the transaction id
            link.call("MeterValues", () -> new MeterValuesRequest(c.id, s.transactionId, mv), Delivery.QUEUED).exceptionally(e -> null);
        }
    }

    void presentTag(Connector c, String idTag) {
        if (c.charging()) {
            if (c.session.idTag.equals(idTag)) stopSession(c, "Local", idTag);
            return;
        }
        if (c.ev == null || c.faultCode != null || c.inoperative) return;
        authorize(idTag).whenComplete((info, error) -> run(() -> {
            if (error != null || info == null || !"Accepted".equals(info.status())) {
                refused(c, idTag, error != null ? error.toString() : info == null ? "no answer" : info.status());
                return;
            }
            if (c.ev == null || c.charging() || c.faultCode != null) return;
            if (c.reservation != null && !c.reservation.matches(idTag, info.parentIdTag())) {
                log.info("{}: connector {} is reserved for another tag", identity, c.id);
                return;
            }
            startSession(c, idTag);
        }));
    }

    /** Says why the EV on {@code c} does not charge: the user sees a reason, not a station stuck in Preparing. */
    private void refused(Connector c, String idTag, String why) {
        rejectedTags.incrementAndGet();
        String reason = "id tag " + idTag + " rejected: " + why;
        if (!reason.equals(notCharging))
            log.warn("{}: connector {}: {} (the EV waits; register the tag in the central system, e.g. PUT /api/v1/id-tags/{})",
                    identity, c.id, reason, idTag);
        notCharging = reason;
    }

    /**
     * The verdict on a tag: the central system's Authorize when connected (LocalPreAuthorize may
     * answer from the list first), else the local list and cache (LocalAuthorizeOffline), else
     * AllowOfflineTxForUnknownId.
     */
    CompletableFuture<IdTagInfo> authorize(String idTag) {
        boolean useList = config.getBool(Keys.LOCAL_AUTH_LIST_ENABLED, true);
        boolean useCache = config.getBool(Keys.AUTHORIZATION_CACHE_ENABLED, true);
        Optional<IdTagInfo> local = auth.lookup(idTag, useList, useCache, now());
        if (link.isOpen() && link.isReady()) {
            if (config.getBool(Keys.LOCAL_PRE_AUTHORIZE, false) && local.filter(i -> "Accepted".equals(i.status())).isPresent())
                return CompletableFuture.completedFuture(local.get());
            return link.call("Authorize", new AuthorizeRequest(idTag), Delivery.ONLINE)
                    .thenApply(answer -> {
                        IdTagInfo info = Json.mapper().treeToValue(answer.get("idTagInfo"), IdTagInfo.class);
                        run(() -> auth.remember(idTag, info));
                        return info;
                    })
                    .exceptionallyCompose(e -> e.getCause() instanceof CallErrorException
                            ? CompletableFuture.failedFuture(e) : CompletableFuture.completedFuture(offlineVerdict(idTag)));
        }
        return CompletableFuture.completedFuture(offlineVerdict(idTag));
    }

    private IdTagInfo offlineVerdict(String idTag) {
        if (config.getBool(Keys.LOCAL_AUTHORIZE_OFFLINE, true)) {
            Optional<IdTagInfo> local = auth.lookup(idTag, config.getBool(Keys.LOCAL_AUTH_LIST_ENABLED, true),
                    config.getBool(Keys.AUTHORIZATION_CACHE_ENABLED, true), now());
            if (local.isPresent()) return local.get();
        }
        return new IdTagInfo(null, null, config.getBool(Keys.ALLOW_OFFLINE_TX_FOR_UNKNOWN_ID, false) ? "Accepted" : "Invalid");
    }

    Session startSession(Connector c, String idTag) {
        Instant now = now();
        advance(c, now);
        Integer reservationId = c.reservation == null ? null : c.reservation.reservationId();
        clearReservation(c);
        Session s = new Session(c.id, idTag, reservationId, now, Math.round(c.meterWh));
        c.session = s;
        c.finishing = false;
        link.call("StartTransaction", () -> s.request, Delivery.QUEUED, answer -> s.transactionId = answer.path("transactionId").asInt())
                .whenComplete((answer, error) -> run(() -> started(c, s, answer, error)));
        refresh(now);
        if (automated()) scheduleDeparture(c);
        return s;
    }

    private void started(Connector c, Session s, ObjectNode answer, Throwable error) {
        if (error == null && "Accepted".equals(answer.path("idTagInfo").path("status").asString(""))) notCharging = null;
        if (error != null) {
            log.warn("{}: StartTransaction on connector {} failed: {}", identity, c.id, error.toString());
            return;
        }
        IdTagInfo info = Json.mapper().treeToValue(answer.get("idTagInfo"), IdTagInfo.class);
        auth.remember(s.idTag, info);
        if (c.session != s || s.stopped) return;
        if (!"Accepted".equals(info.status())) {
            refused(c, s.idTag, info.status() + " in the StartTransaction answer");
            if (config.getBool(Keys.STOP_TRANSACTION_ON_INVALID_ID, true)) stopSession(c, "DeAuthorized", null);
            else s.deauthorized = true;
        } else if (s.remoteProfile != null) {
            var status = profiles.set(c.id, s.remoteProfile, s.transactionId);
            if (status != ChargingProfiles.SetStatus.Accepted) log.info("{}: TxProfile of the remote start not installed: {}", identity, status);
        }
        refresh(now());
    }

    void stopSession(Connector c, String reason, String idTag) {
        Session s = c.session;
        if (s == null || s.stopped) return;
        Instant now = now();
        advance(c, now);
        s.stopped = true;
        long meterStop = Math.round(c.meterWh);
        List<SampledValue> end = Metering.sample(c, config.getList(Keys.STOP_TXN_SAMPLED_DATA), "Transaction.End", random);
        List<MeterValue> data = end.isEmpty() ? null : List.of(new MeterValue(now, end));
        link.call("StopTransaction", () -> new StopTransactionRequest(idTag, meterStop, now, s.transactionId, reason, data),
                        Delivery.QUEUED)
                .whenComplete((answer, error) -> run(() -> {
                    if (error != null) log.warn("{}: StopTransaction failed: {}", identity, error.toString());
                    else if (idTag != null && answer.has("idTagInfo"))
                        auth.remember(idTag, Json.mapper().treeToValue(answer.get("idTagInfo"), IdTagInfo.class));
                }));
        profiles.transactionEnded(c.id);
        c.session = null;
        c.finishing = c.ev != null;
        if (c.inoperativeScheduled) {
            c.inoperative = true;
            c.inoperativeScheduled = false;
        }
        try {
            config.meterValue(c.id, meterStop);
        } catch (RuntimeException e) {
            log.warn("{}: could not save the meter value: {}", identity, e.toString());
        }
        if (c.departure != null) c.departure.cancel(false);
        c.departure = null;
        refresh(now);
        // the driver takes the car away once the session is over
        if (c.finishing && automated()) c.departure = later(Duration.ofSeconds(3 + random.nextInt(10)), () -> unplug(c));
    }

    void unplug(Connector c) {
        if (c.ev == null) return;
        if (c.charging()) stopSession(c, "EVDisconnected", null);
        c.ev = null;
        c.finishing = false;
        if (c.departure != null) c.departure.cancel(false);
        c.departure = null;
        refresh(now());
    }

    void fault(Connector c, String errorCode) {
        if (c.charging()) stopSession(c, "Other", null);
        c.faultCode = errorCode;
        refresh(now());
    }

    void clearReservation(Connector c) {
        if (c.reservationExpiry != null) c.reservationExpiry.cancel(false);
        c.reservationExpiry = null;
        c.reservation = null;
    }

    // --- the drivers: arrivals, stays, departures, faults

    boolean automated() {
        return behaviour.sessionsPerHour() > 0 || behaviour.plugInAtBoot();
    }

    private void startDriver() {
        if (behaviour.plugInAtBoot()) {
            for (Connector c : connectors.values()) {
                if (c.ev == null && c.faultCode == null && !c.inoperative) {
                    c.ev = EvCatalog.arrival(random);
                    c.lastUpdate = now();
                    updateStatus(c);
                    presentTag(c, pickTag());
                }
            }
        }
        if (behaviour.sessionsPerHour() > 0) {
            Duration first = behaviour.firstArrivalWithin() != null
                    ? Duration.ofMillis((long) (random.nextDouble() * behaviour.firstArrivalWithin().toMillis()))
                    : nextArrivalDelay();
            arrival = later(first, this::arrive);
        }
        if (behaviour.faultsPerHour() > 0) faults = later(exponential(3600.0 / behaviour.faultsPerHour()), this::randomFault);
    }

    private Duration nextArrivalDelay() {
        return exponential(3600.0 / behaviour.sessionsPerHour());
    }

    private Duration exponential(double meanSeconds) {
        return Duration.ofMillis((long) (-Math.log(1 - random.nextDouble()) * meanSeconds * 1000));
    }

    private void arrive() {
        arrival = on ? later(nextArrivalDelay(), this::arrive) : null;
        if (registration != Registration.Accepted) return;
        List<Connector> free = connectors.values().stream().filter(c -> c.status() == ConnectorStatus.Available).toList();
        if (free.isEmpty()) return;
        Connector c = free.get(random.nextInt(free.size()));
        c.ev = EvCatalog.arrival(random);
        c.lastUpdate = now();
        updateStatus(c);
        String tag = pickTag();
        // the driver needs a moment to find the card
        later(Duration.ofSeconds(2 + random.nextInt(4)), () -> {
            presentTag(c, tag);
            if (c.departure == null) scheduleDeparture(c);
        });
    }

    private void scheduleDeparture(Connector c) {
        if (c.departure != null) c.departure.cancel(false);
        long min = behaviour.stayMin().toMillis();
        long max = Math.max(min + 1, behaviour.stayMax().toMillis());
        c.departure = later(Duration.ofMillis(min + random.nextLong(max - min)), () -> unplug(c));
    }

    private String pickTag() {
        return behaviour.idTags().get(random.nextInt(behaviour.idTags().size()));
    }

    private void randomFault() {
        faults = on ? later(exponential(3600.0 / behaviour.faultsPerHour()), this::randomFault) : null;
        if (registration != Registration.Accepted || connectors.isEmpty()) return;
        List<Connector> all = new ArrayList<>(connectors.values());
        Connector c = all.get(random.nextInt(all.size()));
        if (c.faultCode != null) return;
        fault(c, random.nextBoolean() ? "GroundFailure" : "HighTemperature");
        later(Duration.ofSeconds(30 + random.nextInt(90)), () -> {
            c.faultCode = null;
            if (c.ev != null) unplug(c);
            refresh(now());
        });
    }
}
