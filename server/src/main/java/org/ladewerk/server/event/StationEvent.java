package org.ladewerk.server.event;

import java.time.Instant;
import java.util.List;
import org.ladewerk.server.transaction.MeterSample;

/** Something that happened at a station, published once for every subscriber (UI, webhooks, message log). */
public sealed interface StationEvent {

    String stationId();

    Instant at();

    /** A short name for subscribers that filter or route, e.g. "transaction.started". */
    String type();

    record Connected(String stationId, String protocol, Instant at) implements StationEvent {
        public String type() { return "station.connected"; }
    }

    record Disconnected(String stationId, Instant at) implements StationEvent {
        public String type() { return "station.disconnected"; }
    }

    record Booted(String stationId, String registrationStatus, String vendor, String model, String firmwareVersion, Instant at)
            implements StationEvent {
        public String type() { return "station.booted"; }
    }

    record StatusChanged(String stationId, int evseId, int connectorId, String status, String errorCode, Instant at)
            implements StationEvent {
        public String type() { return "connector.status"; }
    }

    record TransactionStarted(String stationId, long transactionId, String stationTransactionId, int evseId, String idTag,
                              Instant at) implements StationEvent {
        public String type() { return "transaction.started"; }
    }

    record TransactionStopped(String stationId, long transactionId, String stationTransactionId, String reason, Long energyWh,
                              Instant at) implements StationEvent {
        public String type() { return "transaction.stopped"; }
    }

    record MeterSampled(String stationId, int evseId, Long transactionId, List<MeterSample> samples, Instant at)
            implements StationEvent {
        public String type() { return "meter.sampled"; }
    }

    /** An OCPP frame as it crossed the wire; {@code inbound} is station to central system. */
    record Frame(String stationId, boolean inbound, String text, Instant at) implements StationEvent {
        public String type() { return "ocpp.frame"; }
    }

    /**
     * The site model changed (published by {@code site/} at most once a second). Not about one station,
     * so {@code stationId} is null; {@code site} is what {@code GET /api/v1/site} answers.
     */
    record SiteUpdated(Object site, Instant at) implements StationEvent {
        public String stationId() { return null; }
        public String type() { return "site.updated"; }
    }

    record CommandAnswered(String stationId, String action, String outcome, Instant at) implements StationEvent {
        public String type() { return "command.answered"; }
    }
}
