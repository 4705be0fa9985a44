package org.ladewerk.simulator.v2;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallErrorException;
import org.ladewerk.simulator.link.Delivery;
import org.ladewerk.simulator.link.OcppLink;
import org.ladewerk.simulator.station.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An emulated OCPP 2.0.1 / 2.1 charging station: boots (again while not accepted), heartbeats,
 * reports connector status, runs transactions as TransactionEvents (Started, Updated with meter
 * values from the EV model, Ended; seqNo per transaction, queued and replayed in order while offline,
 * flagged offline), and answers every central-system operation of its version with its effect.
 *
 * <p>All state changes run on the station's own single thread; public methods are safe from any thread.
 */
public final class ChargingStation2 implements OcppLink.Handler {

    private static final Logger log = LoggerFactory.getLogger(ChargingStation2.class);
    private static final double VOLTAGE = 230;

    private final String identity;
    private final Station2Config config;
    private final Environment env;
    private final OcppLink link;
    private final ExecutorService actor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("station2-", 0).factory());
    private final Random random;
    private final Map<Integer, Evse> evses = new LinkedHashMap<>();
    /** Charging profiles by id; evse 0 applies to the whole station. */
    private final Map<Integer, ObjectNode> profiles = new HashMap<>();
    private final Map<Integer, JsonNode> monitors = new HashMap<>();
    private final Map<Integer, Integer> reservations = new HashMap<>();
    private int localListVersion;
    private boolean accepted;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> meterTick;
    private volatile String registration = "None";
    /** Central-system calls received, by action: lets tests prove that a step sent no command. */
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    private static final class Evse {
        final int id;
        final double maxPowerW;
        String status = "Available";
        Session session;

        Evse(int id, double maxPowerW) {
            this.id = id;
            this.maxPowerW = maxPowerW;
        }
    }

    private static final class Session {
        final String transactionId = UUID.randomUUID().toString();
        final Ev ev;
        int seqNo;
        double energyWh;
        double powerW;
        String idToken;
        String chargingState = "EVConnected";

        Session(Ev ev) {
            this.ev = ev;
        }
    }

    public ChargingStation2(String identity, Station2Config config, Environment env, OcppLink.Factory links) {
        this.identity = identity;
        this.config = config;
        this.env = env;
        this.random = new Random(env.seed() ^ identity.hashCode());
        for (Station2Config.Evse e : config.evses()) evses.put(e.evseId(), new Evse(e.evseId(), e.powerW()));
        this.link = links.create(identity, config.version(), config::centralSystemUrl, this);
    }

    // --- what others see and do

    public String identity() { return identity; }
    public String registration() { return registration; }
    /** How many central-system calls of {@code action} this station has received. */
    public int received(String action) { return received.getOrDefault(action, new AtomicInteger()).get(); }
    /** The EVSE's last reported connector status (Available, Occupied, Unavailable, ...). */
    public CompletableFuture<String> evseStatus(int evseId) {
        return CompletableFuture.supplyAsync(() -> evses.get(evseId).status, actor);
    }

    public void start() {
        link.start();
    }

    public CompletableFuture<Void> stop() {
        return CompletableFuture.runAsync(() -> {
            for (Evse e : evses.values()) if (e.session != null) end(e, "Local", "StopAuthorized");
            cancelTimers();
            link.stop();
        }, actor);
    }

    /** The transaction id running on {@code evseId}, if any. */
    public Optional<String> transactionId(int evseId) {
        return supply(() -> Optional.ofNullable(evses.get(evseId)).map(e -> e.session).map(s -> s.transactionId));
    }

    /** A driver plugs in {@code ev} at {@code evseId} and presents {@code idToken}: the transaction starts. */
    public void plugIn(int evseId, Ev ev, String idToken) {
        run(() -> begin(evses.get(evseId), ev, idToken, "CablePluggedIn", null));
    }

    /** The driver unplugs: the transaction ends. */
    public void unplug(int evseId) {
        run(() -> {
            Evse e = evses.get(evseId);
            if (e != null && e.session != null) end(e, "EVDisconnected", "EVDeparted");
        });
    }

    // --- link events

    @Override
    public void connected() {
        run(this::boot);
    }

    @Override
    public void disconnected() {
        run(() -> accepted = false);
    }

    private void boot() {
        ObjectNode station = object().put("model", config.model()).put("vendorName", config.vendor());
        if (config.serialNumber() != null) station.put("serialNumber", config.serialNumber());
        if (config.firmwareVersion() != null) station.put("firmwareVersion", config.firmwareVersion());
        ObjectNode request = object().put("reason", "PowerUp");
        request.set("chargingStation", station);
        link.call("BootNotification", request, Delivery.BOOT).whenComplete((answer, error) -> run(() -> {
            if (error != null) {
                if (link.isOpen()) env.timers().schedule(() -> run(this::boot), 10, TimeUnit.SECONDS);
                return;
            }
            registration = answer.path("status").asString();
            int interval = answer.path("interval").asInt(0);
            if ("Accepted".equals(registration)) {
                accepted = true;
                link.ready(true);
                scheduleHeartbeat(interval > 0 ? interval : config.keyInt("HeartbeatInterval", 300));
                scheduleMeterTick();
                evses.values().forEach(this::sendStatus);
            } else {
                env.timers().schedule(() -> run(this::boot), Math.max(1, interval), TimeUnit.SECONDS);
            }
        }));
    }

    private void scheduleHeartbeat(int seconds) {
        if (heartbeat != null) heartbeat.cancel(false);
        heartbeat = env.timers().scheduleAtFixedRate(() -> run(() -> {
            if (accepted) link.call("Heartbeat", object(), Delivery.ONLINE).exceptionally(e -> null);
        }), seconds, seconds, TimeUnit.SECONDS);
    }

    private void scheduleMeterTick() {
        if (meterTick != null) meterTick.cancel(false);
        int seconds = Math.max(1, config.keyInt("MeterValueSampleInterval", 60));
        meterTick = env.timers().scheduleAtFixedRate(() -> run(() -> tick(seconds)), seconds, seconds, TimeUnit.SECONDS);
    }

    private void cancelTimers() {
        if (heartbeat != null) heartbeat.cancel(false);
        if (meterTick != null) meterTick.cancel(false);
    }

    // --- transactions

    private void begin(Evse e, Ev ev, String idToken, String trigger, Integer remoteStartId) {
        if (e == null || e.session != null || "Unavailable".equals(e.status)) return;
        Session s = new Session(ev);
        s.idToken = idToken;
        e.session = s;
        e.status = "Occupied";
        sendStatus(e);
        ObjectNode event = event(e, s, "Started", idToken != null ? "Authorized" : trigger);
        if (remoteStartId != null) ((ObjectNode) event.get("transactionInfo")).put("remoteStartId", remoteStartId);
        if (idToken != null) s.chargingState = "Charging";
        ((ObjectNode) event.get("transactionInfo")).put("chargingState", s.chargingState);
        event.set("meterValue", meterValues(e, s, "Transaction.Begin"));
        transactionEvent(event);
        reservations.values().removeIf(evse -> evse == e.id);
    }

    private void tick(int seconds) {
        for (Evse e : evses.values()) {
            Session s = e.session;
            if (s == null || s.idToken == null) continue;
            s.powerW = s.ev.draw(false, Math.min(e.maxPowerW, limitW(e.id)));
            s.energyWh += s.ev.charge(s.powerW, seconds);
            String state = s.ev.full() ? "SuspendedEV" : s.powerW > 0 ? "Charging" : "SuspendedEVSE";
            String trigger = state.equals(s.chargingState) ? "MeterValuePeriodic" : "ChargingStateChanged";
            s.chargingState = state;
            ObjectNode event = event(e, s, "Updated", trigger);
            ((ObjectNode) event.get("transactionInfo")).put("chargingState", state);
            event.set("meterValue", meterValues(e, s, "Sample.Periodic"));
            transactionEvent(event);
            if (s.ev.full()) end(e, "Local", "EnergyLimitReached");
        }
    }

    private void end(Evse e, String stoppedReason, String trigger) {
        Session s = e.session;
        ObjectNode event = event(e, s, "Ended", trigger);
        ((ObjectNode) event.get("transactionInfo")).put("stoppedReason", stoppedReason).put("chargingState", "Idle");
        event.set("meterValue", meterValues(e, s, "Transaction.End"));
        transactionEvent(event);
        e.session = null;
        e.status = "Available";
        sendStatus(e);
    }

    private ObjectNode event(Evse e, Session s, String type, String trigger) {
        ObjectNode event = object().put("eventType", type).put("timestamp", now()).put("triggerReason", trigger)
                .put("seqNo", s.seqNo++);
        if (!link.isOpen()) event.put("offline", true);
        event.putObject("transactionInfo").put("transactionId", s.transactionId);
        event.putObject("evse").put("id", e.id).put("connectorId", 1);
        if (s.idToken != null && ("Started".equals(type) || "Authorized".equals(trigger)))
            event.putObject("idToken").put("idToken", s.idToken).put("type", "ISO14443");
        return event;
    }

    /** Queued: sent in order, kept across disconnects and replayed once the station is accepted again. */
    private void transactionEvent(ObjectNode event) {
        link.call("TransactionEvent", event, Delivery.QUEUED).exceptionally(e -> {
            log.debug("{}: TransactionEvent not delivered: {}", identity, e.toString());
            return null;
        });
    }

    private ArrayNode meterValues(Evse e, Session s, String context) {
        int phases = s.ev.model().acPhases();
        ArrayNode sampled = Json.mapper().createArrayNode();
        sampled.add(sample(Math.round(s.energyWh), "Energy.Active.Import.Register", null, "Wh", context));
        if (!"Transaction.Begin".equals(context)) {
            sampled.add(sample(Math.round(s.powerW), "Power.Active.Import", null, "W", context));
            for (int p = 1; p <= phases; p++)
                sampled.add(sample(Math.round(s.powerW / phases / VOLTAGE * 10) / 10.0, "Current.Import", "L" + p, "A", context));
            sampled.add(sample(VOLTAGE, "Voltage", null, "V", context));
            sampled.add(sample(Math.round(s.ev.socPercent()), "SoC", null, "Percent", context));
        }
        ObjectNode value = object().put("timestamp", now());
        value.set("sampledValue", sampled);
        return Json.mapper().createArrayNode().add(value);
    }

    private static ObjectNode sample(double value, String measurand, String phase, String unit, String context) {
        ObjectNode s = object().put("value", value).put("measurand", measurand).put("context", context);
        if (phase != null) s.put("phase", phase);
        s.putObject("unitOfMeasure").put("unit", unit);
        return s;
    }

    /**
     * The limit that applies to {@code evseId} in W (period 0 of each schedule), by the OCPP 2.x rules:
     * per purpose the profile with the highest stack level wins, a TxProfile overrides a
     * TxDefaultProfile, one set on the EVSE overrides one set on the station (EVSE 0), and the
     * ChargingStationMaxProfile caps the result. Amperes count on the period's numberPhases (3 if absent).
     */
    private double limitW(int evseId) {
        double station = purposeLimit("ChargingStationMaxProfile", 0);
        if (evseId == 0) return station;
        double tx = purposeLimit("TxProfile", evseId);
        if (Double.isNaN(tx)) tx = purposeLimit("TxDefaultProfile", evseId);
        if (Double.isNaN(tx)) tx = purposeLimit("TxDefaultProfile", 0);
        if (Double.isNaN(tx)) return Double.isNaN(station) ? Double.MAX_VALUE : station;
        return Double.isNaN(station) ? tx : Math.min(station, tx);
    }

    /** The W limit of the highest-stack profile of {@code purpose} set on exactly {@code evseId}; NaN when there is none. */
    private double purposeLimit(String purpose, int evseId) {
        ObjectNode best = null;
        for (ObjectNode p : profiles.values()) {
            JsonNode profile = p.path("chargingProfile");
            if (p.path("evseId").asInt(0) != evseId || !purpose.equals(profile.path("chargingProfilePurpose").asString())) continue;
            if (best == null || profile.path("stackLevel").asInt() > best.path("chargingProfile").path("stackLevel").asInt()) best = p;
        }
        if (best == null) return Double.NaN;
        JsonNode schedule = best.path("chargingProfile").path("chargingSchedule").path(0);
        JsonNode period = schedule.path("chargingSchedulePeriod").path(0);
        double value = period.path("limit").asDouble(Double.MAX_VALUE);
        if ("A".equals(schedule.path("chargingRateUnit").asString())) value *= VOLTAGE * period.path("numberPhases").asInt(3);
        return value;
    }

    private void sendStatus(Evse e) {
        ObjectNode status = object().put("timestamp", now()).put("connectorStatus", e.status).put("evseId", e.id).put("connectorId", 1);
        if (accepted) link.call("StatusNotification", status, Delivery.ONLINE).exceptionally(x -> null);
    }

    // --- central-system calls

    @Override
    public CompletableFuture<?> call(String action, ObjectNode p) {
        received.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.supplyAsync(() -> answer(action, p), actor);
    }

    private ObjectNode answer(String action, ObjectNode p) {
        return switch (action) {
            case "RequestStartTransaction" -> {
                Evse e = p.has("evseId") ? evses.get(p.get("evseId").asInt()) : evses.values().stream().filter(x -> x.session == null).findFirst().orElse(null);
                if (e == null || e.session != null) yield status("Rejected");
                String token = p.path("idToken").path("idToken").asString();
                int remoteStartId = p.path("remoteStartId").asInt();
                run(() -> begin(e, EvCatalog.arrival(random), token, "RemoteStart", remoteStartId));
                yield status("Accepted");
            }
            case "RequestStopTransaction" -> {
                String tx = p.path("transactionId").asString();
                Optional<Evse> e = evses.values().stream().filter(x -> x.session != null && x.session.transactionId.equals(tx)).findFirst();
                e.ifPresent(x -> run(() -> { if (x.session != null) end(x, "Remote", "RemoteStop"); }));
                yield status(e.isPresent() ? "Accepted" : "Rejected");
            }
            case "GetTransactionStatus" -> {
                String tx = p.path("transactionId").asString(null);
                boolean ongoing = tx != null && evses.values().stream().anyMatch(x -> x.session != null && x.session.transactionId.equals(tx));
                ObjectNode r = object().put("messagesInQueue", link.backlog() > 0);
                if (tx != null) r.put("ongoingIndicator", ongoing);
                yield r;
            }
            case "Reset" -> {
                run(this::reboot);
                yield status("Accepted");
            }
            case "ChangeAvailability" -> {
                boolean operative = "Operative".equals(p.path("operationalStatus").asString());
                for (Evse e : evses.values()) {
                    if (p.has("evse") && p.path("evse").path("id").asInt() != e.id) continue;
                    if (e.session == null) {
                        e.status = operative ? "Available" : "Unavailable";
                        sendStatus(e);
                    }
                }
                yield status("Accepted");
            }
            case "UnlockConnector" -> {
                Evse e = evses.get(p.path("evseId").asInt());
                if (e == null) yield status("UnknownConnector");
                if (e.session != null) end(e, "Local", "UnlockCommand");
                yield status("Unlocked");
            }
            case "TriggerMessage" -> trigger(p);
            case "GetBaseReport", "GetReport" -> {
                int requestId = p.path("requestId").asInt();
                env.timers().schedule(() -> run(() -> notifyReport(requestId)), 200, TimeUnit.MILLISECONDS);
                yield status("Accepted");
            }
            case "GetVariables" -> getVariables(p);
            case "SetVariables" -> setVariables(p);
            case "SetVariableMonitoring" -> {
                ArrayNode results = Json.mapper().createArrayNode();
                for (JsonNode m : p.path("setMonitoringData")) {
                    int id = m.has("id") ? m.get("id").asInt() : monitors.size() + 1;
                    monitors.put(id, m);
                    ObjectNode r = object().put("id", id).put("status", "Accepted").put("type", m.path("type").asString())
                            .put("severity", m.path("severity").asInt());
                    r.set("component", m.get("component"));
                    r.set("variable", m.get("variable"));
                    results.add(r);
                }
                ObjectNode r = object();
                r.set("setMonitoringResult", results);
                yield r;
            }
            case "ClearVariableMonitoring" -> {
                ArrayNode results = Json.mapper().createArrayNode();
                for (JsonNode id : p.path("id")) results.add(object().put("id", id.asInt()).put("status", monitors.remove(id.asInt()) != null ? "Accepted" : "NotFound"));
                ObjectNode r = object();
                r.set("clearMonitoringResult", results);
                yield r;
            }
            case "GetMonitoringReport", "SetMonitoringBase", "SetMonitoringLevel", "ClearCache", "CustomerInformation" -> status("Accepted");
            case "SetChargingProfile" -> {
                profiles.put(p.path("chargingProfile").path("id").asInt(), p.deepCopy());
                yield status("Accepted");
            }
            case "ClearChargingProfile" -> {
                int before = profiles.size();
                if (p.has("chargingProfileId")) profiles.remove(p.get("chargingProfileId").asInt());
                else profiles.values().removeIf(x -> !p.has("chargingProfileCriteria")
                        || !p.path("chargingProfileCriteria").has("evseId") || x.path("evseId").asInt() == p.path("chargingProfileCriteria").path("evseId").asInt());
                yield status(profiles.size() < before ? "Accepted" : "Unknown");
            }
            case "GetChargingProfiles" -> status(profiles.isEmpty() ? "NoProfiles" : "Accepted");
            case "GetCompositeSchedule" -> compositeSchedule(p);
            case "ReserveNow" -> {
                int evseId = p.path("evseId").asInt(evses.keySet().iterator().next());
                Evse e = evses.get(evseId);
                if (e == null || e.session != null) yield status("Occupied");
                reservations.put(p.path("id").asInt(), evseId);
                e.status = "Reserved";
                sendStatus(e);
                yield status("Accepted");
            }
            case "CancelReservation" -> {
                Integer evseId = reservations.remove(p.path("reservationId").asInt());
                if (evseId == null) yield status("Rejected");
                Evse e = evses.get(evseId);
                if (e.session == null) {
                    e.status = "Available";
                    sendStatus(e);
                }
                yield status("Accepted");
            }
            case "SendLocalList" -> {
                localListVersion = p.path("versionNumber").asInt();
                yield status("Accepted");
            }
            case "GetLocalListVersion" -> object().put("versionNumber", localListVersion);
            case "UpdateFirmware" -> {
                maintenance("FirmwareStatusNotification", p.path("requestId").asInt(), List.of("Downloading", "Downloaded", "Installing", "Installed"));
                yield status("Accepted");
            }
            case "GetLog" -> {
                maintenance("LogStatusNotification", p.path("requestId").asInt(), List.of("Uploading", "Uploaded"));
                yield object().put("status", "Accepted").put("filename", identity + "-log.zip");
            }
            case "DataTransfer" -> status("Accepted");
            case "CostUpdated" -> object();
            case "ClearDisplayMessage", "GetDisplayMessages" -> status("Unknown");
            case "SetDisplayMessage", "SetNetworkProfile", "PublishFirmware", "InstallCertificate", "CertificateSigned" -> status("Rejected");
            case "UnpublishFirmware" -> status("NoFirmware");
            case "DeleteCertificate", "GetInstalledCertificateIds" -> status("NotFound");
            default -> throw new CallErrorException("NotSupported", action + " is not supported by this emulated station");
        };
    }

    private ObjectNode trigger(ObjectNode p) {
        String message = p.path("requestedMessage").asString();
        Runnable send = switch (message) {
            case "BootNotification" -> this::boot;
            case "Heartbeat" -> () -> link.call("Heartbeat", object(), Delivery.ONLINE).exceptionally(e -> null);
            case "StatusNotification" -> () -> evses.values().forEach(this::sendStatus);
            case "TransactionEvent", "MeterValues" -> () -> evses.values().stream().filter(e -> e.session != null).forEach(e -> {
                ObjectNode event = event(e, e.session, "Updated", "Trigger");
                event.set("meterValue", meterValues(e, e.session, "Trigger"));
                transactionEvent(event);
            });
            default -> null;
        };
        if (send == null) return status("NotImplemented");
        env.timers().schedule(() -> run(send), 100, TimeUnit.MILLISECONDS);
        return status("Accepted");
    }

    private void reboot() {
        for (Evse e : evses.values()) if (e.session != null) end(e, "ImmediateReset", "ResetCommand");
        accepted = false;
        registration = "None";
        cancelTimers();
        link.ready(false);
        link.restart(env.rebootTime());
    }

    private void maintenance(String action, int requestId, List<String> steps) {
        long delay = env.maintenanceStep().toMillis();
        for (int i = 0; i < steps.size(); i++) {
            String status = steps.get(i);
            env.timers().schedule(() -> run(() -> link.call(action, object().put("status", status).put("requestId", requestId), Delivery.ONLINE)
                    .exceptionally(e -> null)), delay * (i + 1), TimeUnit.MILLISECONDS);
        }
    }

    private ObjectNode compositeSchedule(ObjectNode p) {
        int evseId = p.path("evseId").asInt();
        double limit = Math.min(evseId == 0 ? evses.values().stream().mapToDouble(e -> e.maxPowerW).sum()
                : evses.containsKey(evseId) ? evses.get(evseId).maxPowerW : 0, limitW(evseId));
        ObjectNode schedule = object().put("evseId", evseId).put("duration", p.path("duration").asInt())
                .put("scheduleStart", now()).put("chargingRateUnit", "W");
        schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0).put("limit", limit);
        ObjectNode r = status("Accepted");
        r.set("schedule", schedule);
        return r;
    }

    // --- device model: the configuration keys, named as OCPP 2.x components and variables

    private static final Map<String, String> COMPONENTS = Map.of(
            "HeartbeatInterval", "OCPPCommCtrlr", "MeterValueSampleInterval", "SampledDataCtrlr",
            "AuthorizeRemoteTxRequests", "AuthCtrlr");

    private static String component(String key) {
        return COMPONENTS.getOrDefault(key, "CustomizationCtrlr");
    }

    private void notifyReport(int requestId) {
        ArrayNode data = Json.mapper().createArrayNode();
        config.keys().forEach((key, value) -> {
            ObjectNode d = data.addObject();
            d.putObject("component").put("name", component(key));
            d.putObject("variable").put("name", key);
            d.putArray("variableAttribute").addObject().put("type", "Actual").put("value", value)
                    .put("mutability", config.readonly(key) ? "ReadOnly" : "ReadWrite");
            d.putObject("variableCharacteristics").put("dataType", value.matches("-?\\d+") ? "integer" : "string").put("supportsMonitoring", false);
        });
        for (Evse e : evses.values()) {
            ObjectNode d = data.addObject();
            d.putObject("component").put("name", "EVSE").putObject("evse").put("id", e.id);
            d.putObject("variable").put("name", "Power");
            d.putArray("variableAttribute").addObject().put("type", "MaxSet").put("value", Double.toString(e.maxPowerW)).put("mutability", "ReadOnly");
            d.putObject("variableCharacteristics").put("dataType", "decimal").put("unit", "W").put("maxLimit", e.maxPowerW).put("supportsMonitoring", true);
        }
        ObjectNode report = object().put("requestId", requestId).put("generatedAt", now()).put("seqNo", 0).put("tbc", false);
        report.set("reportData", data);
        link.call("NotifyReport", report, Delivery.ONLINE).exceptionally(e -> null);
    }

    private ObjectNode getVariables(ObjectNode p) {
        ArrayNode results = Json.mapper().createArrayNode();
        for (JsonNode d : p.path("getVariableData")) {
            String name = d.path("variable").path("name").asString();
            Optional<String> value = config.key(name);
            ObjectNode r = results.addObject();
            boolean known = value.isPresent() && component(name).equals(d.path("component").path("name").asString());
            r.put("attributeStatus", known ? "Accepted" : value.isPresent() ? "UnknownComponent" : "UnknownVariable");
            if (known) r.put("attributeValue", value.get());
            r.set("component", d.get("component"));
            r.set("variable", d.get("variable"));
        }
        ObjectNode r = object();
        r.set("getVariableResult", results);
        return r;
    }

    private ObjectNode setVariables(ObjectNode p) {
        ArrayNode results = Json.mapper().createArrayNode();
        for (JsonNode d : p.path("setVariableData")) {
            String name = d.path("variable").path("name").asString();
            String status;
            if (!component(name).equals(d.path("component").path("name").asString()) && config.key(name).isPresent()) status = "UnknownComponent";
            else if (config.readonly(name)) status = "Rejected";
            else {
                try {
                    config.set(name, d.path("attributeValue").asString());
                    status = "Accepted";
                    if (name.equals("HeartbeatInterval")) scheduleHeartbeat(config.keyInt(name, 300));
                    if (name.equals("MeterValueSampleInterval")) scheduleMeterTick();
                } catch (IOException e) {
                    status = "Rejected";
                }
            }
            ObjectNode r = results.addObject().put("attributeStatus", status);
            r.set("component", d.get("component"));
            r.set("variable", d.get("variable"));
        }
        ObjectNode r = object();
        r.set("setVariableResult", results);
        return r;
    }

    // --- plumbing

    private void run(Runnable task) {
        actor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{}: {}", identity, e.toString(), e);
            }
        });
    }

    private <T> T supply(java.util.function.Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, actor).join();
    }

    private static ObjectNode status(String status) {
        return object().put("status", status);
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
