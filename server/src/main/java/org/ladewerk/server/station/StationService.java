package org.ladewerk.server.station;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.integer;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.LadewerkProperties.UnknownStations;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.StationSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Stations: registration, boot, heartbeat, connector status, and their administration. */
@Service
public class StationService {

    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final StationRegistry registry;
    private final StationPasswords passwords;
    private final LadewerkProperties.Ocpp config;
    private final EventBus events;

    public StationService(GroupCommitter store, JdbcClient jdbc, StationRegistry registry, StationPasswords passwords,
                          LadewerkProperties properties, EventBus events) {
        this.store = store;
        this.events = events;
        this.jdbc = jdbc;
        this.registry = registry;
        this.passwords = passwords;
        this.config = properties.ocpp();
    }

    // --- reported by stations

    public CompletableFuture<Void> connected(String stationId, String account, OcppVersion version) {
        return connected(stationId, account, version.subprotocol(), "json", null);
    }

    /**
     * A station connected (OCPP-J) or was heard from after a silence (SOAP).
     *
     * @param protocol what it speaks: an OCPP-J subprotocol, or "ocpp1.5"/"ocpp1.6" for SOAP
     * @param transport "json" (OCPP-J over WebSocket) or "soap"
     * @param endpointAddress where a SOAP station takes the central system's calls; null for OCPP-J
     */
    public CompletableFuture<Void> connected(String stationId, String account, String protocol, String transport,
                                             String endpointAddress) {
        Instant now = Instant.now();
        return store.submit(tx -> {
            // one statement for a known station (nearly every connection, and every one in the storm after a restart)
            if (markConnected(tx, stationId, account, protocol, transport, endpointAddress, now) == 0)
                insert(tx, stationId, account, protocol, transport, endpointAddress, now);
            events.publish(tx, new StationEvent.Connected(stationId, protocol, now));
            return null;
        });
    }

    private static int markConnected(Tx tx, String stationId, String account, String protocol, String transport,
                                     String endpointAddress, Instant now) {
        return tx.jdbc().sql("""
                UPDATE station SET connected_at = ?, account = COALESCE(?, account), ocpp_version = ?, transport = ?,
                  endpoint_address = ?, last_seen_at = ?
                WHERE id = ?""").params(ts(now), account, protocol, transport, endpointAddress, ts(now), stationId).update();
    }

    /** A SOAP station gave a new address for its ChargePointService. */
    public CompletableFuture<Void> endpointChanged(String stationId, String endpointAddress) {
        return store.submit(tx -> {
            tx.jdbc().sql("UPDATE station SET endpoint_address = ? WHERE id = ?").params(endpointAddress, stationId).update();
            return null;
        });
    }

    public void disconnected(String stationId, Instant lastSeen) {
        Instant now = Instant.now();
        store.submit(tx -> {
            tx.jdbc().sql("UPDATE station SET disconnected_at = ?, last_seen_at = ? WHERE id = ?")
                    .params(ts(now), ts(lastSeen), stationId).update();
            events.publish(tx, new StationEvent.Disconnected(stationId, now));
            return null;
        });
    }

    public CompletableFuture<BootDecision> boot(String stationId, BootInfo info) {
        Instant now = clock();
        return store.submit(tx -> {
            RegistrationStatus status = registrationStatus(tx, stationId).orElseGet(() -> insert(tx, stationId, null, null, null, null, now));
            tx.jdbc().sql("""
                    UPDATE station SET vendor = ?, model = ?, serial_number = ?, charge_box_serial = ?, firmware_version = ?,
                      iccid = ?, imsi = ?, meter_type = ?, meter_serial_number = ?, last_boot_at = ?, last_seen_at = ?, boot_status = ?
                    WHERE id = ?""")
                    .params(info.vendor(), info.model(), info.serialNumber(), info.chargeBoxSerial(), info.firmwareVersion(),
                            info.iccid(), info.imsi(), info.meterType(), info.meterSerialNumber(), ts(now), ts(now), status.name(),
                            stationId)
                    .update();
            events.publish(tx, new StationEvent.Booted(stationId, status.name(), info.vendor(), info.model(), info.firmwareVersion(), now));
            var interval = status == RegistrationStatus.Accepted ? config.heartbeatInterval() : config.retryInterval();
            return new BootDecision(status, now, (int) interval.toSeconds());
        });
    }

    public CompletableFuture<Instant> heartbeat(String stationId) {
        Instant now = clock();
        return store.submit(tx -> {
            tx.jdbc().sql("UPDATE station SET last_seen_at = ? WHERE id = ?").params(ts(now), stationId).update();
            return now;
        });
    }

    public CompletableFuture<Void> statusChanged(String stationId, ConnectorStatusReport r) {
        Instant now = Instant.now();
        Instant at = r.timestamp() != null ? r.timestamp() : now;
        return store.submit(tx -> {
            int updated = tx.jdbc().sql("""
                    UPDATE connector_status SET status = ?, error_code = ?, info = ?, vendor_id = ?, vendor_error_code = ?, status_at = ?
                    WHERE station_id = ? AND evse_id = ? AND connector_id = ?""")
                    .params(r.status(), r.errorCode(), r.info(), r.vendorId(), r.vendorErrorCode(), ts(at),
                            stationId, r.evseId(), r.connectorId()).update();
            if (updated == 0) {
                tx.jdbc().sql("""
                        INSERT INTO connector_status (station_id, evse_id, connector_id, status, error_code, info, vendor_id,
                          vendor_error_code, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(stationId, r.evseId(), r.connectorId(), r.status(), r.errorCode(), r.info(), r.vendorId(),
                                r.vendorErrorCode(), ts(at)).update();
            }
            tx.insertLater("""
                    INSERT INTO status_history (station_id, evse_id, connector_id, status, error_code, info, vendor_id,
                      vendor_error_code, status_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    stationId, r.evseId(), r.connectorId(), r.status(), r.errorCode(), r.info(), r.vendorId(),
                    r.vendorErrorCode(), ts(at), ts(now));
            events.publish(tx, new StationEvent.StatusChanged(stationId, r.evseId(), r.connectorId(), r.status(), r.errorCode(), at));
            return null;
        });
    }

    /** Server time as told to stations: millisecond precision, since some firmwares reject longer fractions. */
    private static Instant clock() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private RegistrationStatus insert(Tx tx, String stationId, String account, String protocol, String transport,
                                      String endpointAddress, Instant now) {
        var status = config.unknownStations() == UnknownStations.PENDING ? RegistrationStatus.Pending : RegistrationStatus.Accepted;
        tx.jdbc().sql("""
                INSERT INTO station (id, account, registration_status, ocpp_version, transport, endpoint_address, connected_at,
                  last_seen_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(stationId, account, status.name(), protocol, transport, endpointAddress, ts(now), ts(now), ts(now))
                .update();
        return status;
    }

    private static Optional<RegistrationStatus> registrationStatus(Tx tx, String stationId) {
        return tx.jdbc().sql("SELECT registration_status FROM station WHERE id = ?").param(stationId)
                .query((rs, n) -> RegistrationStatus.valueOf(rs.getString(1))).optional();
    }

    // --- administration

    public record StationFilter(String search, Boolean online, RegistrationStatus registrationStatus, String account) {}

    /** One page of stations (ordered by id) and how many match in all. */
    public record StationPage(List<Station> stations, int total) {}

    public List<Station> list(StationFilter filter) {
        return list(filter, Integer.MAX_VALUE, 0).stations();
    }

    /**
     * A page of the matching stations. Only the page's connectors are read, so a page costs the same
     * in a fleet of 30,000 as in one of 30. Whether a station is online is known to the live registry,
     * not the database, so with {@code online} given the ids are filtered in memory before paging.
     */
    public StationPage list(StationFilter filter, int limit, int offset) {
        var where = new StringBuilder(" WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" AND (LOWER(id) LIKE ? OR LOWER(COALESCE(vendor, '')) LIKE ? OR LOWER(COALESCE(model, '')) LIKE ?)");
            String like = "%" + filter.search().toLowerCase() + "%";
            args.add(like);
            args.add(like);
            args.add(like);
        }
        if (filter.registrationStatus() != null) {
            where.append(" AND registration_status = ?");
            args.add(filter.registrationStatus().name());
        }
        if (filter.account() != null) {
            where.append(" AND account = ?");
            args.add(filter.account());
        }
        List<Station> page;
        int total;
        if (filter.online() == null) {
            total = jdbc.sql("SELECT COUNT(*) FROM station" + where).params(args).query(Integer.class).single();
            var pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            page = jdbc.sql("SELECT * FROM station" + where + " ORDER BY id LIMIT ? OFFSET ?").params(pageArgs).query(StationService::station).list();
        } else {
            List<Station> matching = jdbc.sql("SELECT * FROM station" + where + " ORDER BY id").params(args).query(StationService::station)
                    .stream().filter(s -> registry.find(s.id()).isPresent() == filter.online()).toList();
            total = matching.size();
            page = matching.subList(Math.min(offset, total), (int) Math.min((long) offset + limit, total));
        }
        if (page.isEmpty()) return new StationPage(List.of(), total);
        Map<String, List<Station.ConnectorStatus>> connectors = connectorsBetween(page.getFirst().id(), page.getLast().id());
        return new StationPage(page.stream().map(s -> live(s, connectors.getOrDefault(s.id(), List.of()))).toList(), total);
    }

    public Optional<Station> find(String stationId) {
        return jdbc.sql("SELECT * FROM station WHERE id = ?").param(stationId).query(StationService::station).optional()
                .map(s -> live(s, connectorsBetween(stationId, stationId).getOrDefault(stationId, List.of())));
    }

    public boolean exists(String stationId) {
        return jdbc.sql("SELECT COUNT(*) FROM station WHERE id = ?").param(stationId).query(Integer.class).single() > 0;
    }

    public record StationChange(RegistrationStatus registrationStatus, String password, Boolean clearPassword, String account) {}

    /** Creates the station if it does not exist (pre-registration), then applies the change. */
    public CompletableFuture<Station> upsert(String stationId, StationChange change) {
        String hash = change.password() == null ? null : passwords.hash(change.password());
        Instant now = Instant.now();
        return store.submit(tx -> {
            if (registrationStatus(tx, stationId).isEmpty()) {
                tx.jdbc().sql("INSERT INTO station (id, registration_status, created_at) VALUES (?, ?, ?)")
                        .params(stationId, RegistrationStatus.Accepted.name(), ts(now)).update();
            }
            if (change.registrationStatus() != null)
                tx.jdbc().sql("UPDATE station SET registration_status = ? WHERE id = ?").params(change.registrationStatus().name(), stationId).update();
            if (hash != null)
                tx.jdbc().sql("UPDATE station SET password_hash = ? WHERE id = ?").params(hash, stationId).update();
            else if (Boolean.TRUE.equals(change.clearPassword()))
                tx.jdbc().sql("UPDATE station SET password_hash = NULL WHERE id = ?").param(stationId).update();
            if (change.account() != null)
                tx.jdbc().sql("UPDATE station SET account = ? WHERE id = ?").params(change.account(), stationId).update();
            return stationId;
        }).thenApply(id -> find(id).orElseThrow());
    }

    /** Deletes the station's registration and live state; its transactions and history stay. */
    private Station live(Station s, List<Station.ConnectorStatus> connectors) {
        Optional<StationSession> session = registry.find(s.id());
        return s.withLive(session.isPresent(), session.map(StationSession::lastSeen).orElse(null), connectors);
    }

    /** Connectors of the stations whose ids lie from {@code first} to {@code last}, by station id. */
    private Map<String, List<Station.ConnectorStatus>> connectorsBetween(String first, String last) {
        var result = new HashMap<String, List<Station.ConnectorStatus>>();
        jdbc.sql("SELECT * FROM connector_status WHERE station_id >= ? AND station_id <= ? ORDER BY station_id, evse_id, connector_id")
                .params(first, last).query(rs -> {
                    result.computeIfAbsent(rs.getString("station_id"), k -> new ArrayList<>()).add(new Station.ConnectorStatus(
                            rs.getInt("evse_id"), rs.getInt("connector_id"), rs.getString("status"), rs.getString("error_code"),
                            rs.getString("info"), rs.getString("vendor_id"), rs.getString("vendor_error_code"), instant(rs, "status_at")));
                });
        return result;
    }

    private static Station station(ResultSet rs, int n) throws SQLException {
        return new Station(rs.getString("id"), rs.getString("account"), RegistrationStatus.valueOf(rs.getString("registration_status")),
                rs.getString("password_hash") != null, rs.getString("ocpp_version"), rs.getString("vendor"), rs.getString("model"),
                rs.getString("serial_number"), rs.getString("charge_box_serial"), rs.getString("firmware_version"),
                rs.getString("iccid"), rs.getString("imsi"), rs.getString("meter_type"), rs.getString("meter_serial_number"),
                integer(rs, "local_list_version"), instant(rs, "last_boot_at"), instant(rs, "last_seen_at"),
                instant(rs, "connected_at"), instant(rs, "disconnected_at"), instant(rs, "created_at"), false, List.of(),
                rs.getString("transport"), rs.getString("endpoint_address"), rs.getString("boot_status"), false, null, null,
                Station.OCPP, null);
    }
}
