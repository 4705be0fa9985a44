package org.ladewerk.server.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One station's live values; changed by the live view's event thread, read by snapshot builders. */
public final class LiveStation {

    /** A read-only copy for snapshots and APIs. */
    public record Snapshot(String stationId, boolean online, String status, String errorCode, String firmware, Instant lastSeen,
                           List<EvseSnapshot> evses) {}

    public record EvseSnapshot(int evseId, List<ConnectorSnapshot> connectors, Double powerW, Long transactionId,
                               Double sessionEnergyWh) {}

    public record ConnectorSnapshot(int connectorId, String status, String errorCode, Instant statusAt) {}

    private record Connector(String status, String errorCode, Instant at) {}

    final class Evse {
        private final Map<Integer, Connector> connectors = new TreeMap<>();
        private Double powerW;
        private Long transactionId;
        private Double meterStartWh;
        private Double registerWh;

        void started(long id) {
            synchronized (LiveStation.this) {
                if (transactionId != null && transactionId == id) return;
                transactionId = id;
                meterStartWh = null;
                registerWh = null;
            }
        }

        Long transactionId() {
            synchronized (LiveStation.this) {
                return transactionId;
            }
        }

        Double meterStartWh() {
            synchronized (LiveStation.this) {
                return meterStartWh;
            }
        }

        void meterStart(double wh) {
            synchronized (LiveStation.this) {
                meterStartWh = wh;
            }
        }

        void register(double wh) {
            synchronized (LiveStation.this) {
                registerWh = wh;
            }
        }

        void power(double w) {
            synchronized (LiveStation.this) {
                powerW = w;
            }
        }

        private EvseSnapshot snapshot(int id) {
            var list = new ArrayList<ConnectorSnapshot>();
            connectors.forEach((cid, c) -> list.add(new ConnectorSnapshot(cid, c.status(), c.errorCode(), c.at())));
            Double energy = null;
            if (transactionId != null) energy = meterStartWh != null && registerWh != null ? Math.max(0, registerWh - meterStartWh) : 0.0;
            return new EvseSnapshot(id, list, powerW, transactionId, energy);
        }
    }

    private final String id;
    private final Map<Integer, Evse> evses = new TreeMap<>();
    private boolean online;
    private String firmware;
    private Instant lastSeen;
    private String status;
    private String errorCode;

    LiveStation(String id) {
        this.id = id;
    }

    synchronized Evse evse(int evseId) {
        return evses.computeIfAbsent(evseId, k -> new Evse());
    }

    synchronized void online(boolean online, Instant at) {
        this.online = online;
        seen(at);
    }

    synchronized void seen(Instant at) {
        if (at != null && (lastSeen == null || at.isAfter(lastSeen))) lastSeen = at;
    }

    synchronized void booted(String firmware, Instant at) {
        if (firmware != null) this.firmware = firmware;
        seen(at);
    }

    synchronized void status(int evseId, int connectorId, String status, String errorCode, Instant at) {
        if (evseId == 0) {
            this.status = status; // the station as a whole (1.6 connector 0)
            this.errorCode = errorCode;
            return;
        }
        Evse evse = evse(evseId);
        evse.connectors.put(connectorId, new Connector(status, errorCode, at));
        if ("Available".equals(status)) evse.powerW = 0.0;
    }

    synchronized void stopped(long transactionId) {
        for (Evse e : evses.values()) {
            if (e.transactionId != null && e.transactionId == transactionId) {
                e.transactionId = null;
                e.meterStartWh = null;
                e.powerW = 0.0;
            }
        }
    }

    public synchronized Snapshot snapshot() {
        var list = new ArrayList<EvseSnapshot>(evses.size());
        evses.forEach((id, e) -> list.add(e.snapshot(id)));
        return new Snapshot(id, online, status, errorCode, firmware, lastSeen, list);
    }
}
