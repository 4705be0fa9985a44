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

    /**
     * Values that change with every meter report are kept as primitives (NaN: not known) and overwritten
     * in place: a new Double or Instant per report would be a young object that this old one points to,
     * for every station, at every young collection.
     */
    final class Evse {
        private final Map<Integer, Connector> connectors = new TreeMap<>();
        private double powerW = Double.NaN;
        private Long transactionId;
        private double meterStartWh = Double.NaN;
        private double registerWh = Double.NaN;

        void started(long id) {
            synchronized (LiveStation.this) {
                if (transactionId != null && transactionId == id) return;
                transactionId = id;
                meterStartWh = Double.NaN;
                registerWh = Double.NaN;
            }
        }

        Long transactionId() {
            synchronized (LiveStation.this) {
                return transactionId;
            }
        }

        boolean hasMeterStart() {
            synchronized (LiveStation.this) {
                return !Double.isNaN(meterStartWh);
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
            if (transactionId != null) energy = Double.isNaN(meterStartWh) || Double.isNaN(registerWh) ? 0.0 : Math.max(0, registerWh - meterStartWh);
            return new EvseSnapshot(id, list, Double.isNaN(powerW) ? null : powerW, transactionId, energy);
        }
    }

    private final String id;
    private final Map<Integer, Evse> evses = new TreeMap<>();
    private boolean online;
    private String firmware;
    private long lastSeenSecond = Long.MIN_VALUE; // none yet; kept as numbers for the reason given at Evse
    private int lastSeenNano;
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
        if (at == null) return;
        long second = at.getEpochSecond();
        if (second > lastSeenSecond || second == lastSeenSecond && at.getNano() > lastSeenNano) {
            lastSeenSecond = second;
            lastSeenNano = at.getNano();
        }
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
                e.meterStartWh = Double.NaN;
                e.powerW = 0.0;
            }
        }
    }

    public synchronized Snapshot snapshot() {
        var list = new ArrayList<EvseSnapshot>(evses.size());
        evses.forEach((id, e) -> list.add(e.snapshot(id)));
        Instant lastSeen = lastSeenSecond == Long.MIN_VALUE ? null : Instant.ofEpochSecond(lastSeenSecond, lastSeenNano);
        return new Snapshot(id, online, status, errorCode, firmware, lastSeen, list);
    }
}
