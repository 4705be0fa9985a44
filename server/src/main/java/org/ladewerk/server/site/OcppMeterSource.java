package org.ladewerk.server.site;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.transaction.MeterSample;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * OCPP stations as site meters, from domain events only (whatever OCPP version the station speaks):
 * each EVSE's power and energy register becomes a site charge point {@code <station>/<evse>}, and the
 * station named by {@code ladewerk.site.grid-meter} measures the grid at its connector 0
 * (Power.Active.Import − Power.Active.Export). This one listener is the only place that reads station
 * events for the site, so it can later be switched to the shared live view of stations.
 */
@Component
class OcppMeterSource implements SiteSource, DisposableBean {

    static final String NAME = "ocpp";
    private static final Set<String> PLUGGED = Set.of("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Occupied");

    private final SiteModel model;
    private final String gridMeter;
    private final Set<String> stations;
    private final AtomicLong samples = new AtomicLong();
    private final EventBus.Subscription subscription;

    OcppMeterSource(SiteProperties properties, SiteModel model, EventBus events) {
        this.model = model;
        this.gridMeter = properties.gridMeter();
        this.stations = new HashSet<>(properties.stations());
        this.subscription = events.subscribe("site-ocpp", 10_000, this::accept);
    }

    void accept(StationEvent event) {
        switch (event) {
            case StationEvent.MeterSampled m -> meter(m);
            case StationEvent.StatusChanged s when s.evseId() > 0 && counts(s.stationId()) -> status(s);
            default -> { }
        }
    }

    private boolean counts(String stationId) {
        return stations.isEmpty() || stations.contains(stationId);
    }

    private void meter(StationEvent.MeterSampled m) {
        samples.addAndGet(m.samples().size());
        if (m.evseId() == 0) {
            if (!m.stationId().equals(gridMeter)) return;
            Double in = MeterReadings.total(m.samples(), "Power.Active.Import");
            Double out = MeterReadings.total(m.samples(), "Power.Active.Export");
            if (in != null || out != null) model.update(SiteQuantity.GRID_POWER, (in == null ? 0 : in) - (out == null ? 0 : out), NAME);
            Double imported = MeterReadings.total(m.samples(), MeterSample.ENERGY_REGISTER);
            if (imported != null) model.update(SiteQuantity.GRID_IMPORT_ENERGY, imported, NAME);
            Double exported = MeterReadings.total(m.samples(), "Energy.Active.Export.Register");
            if (exported != null) model.update(SiteQuantity.GRID_EXPORT_ENERGY, exported, NAME);
        } else if (counts(m.stationId())) {
            String id = m.stationId() + "/" + m.evseId();
            Double power = MeterReadings.total(m.samples(), "Power.Active.Import");
            if (power != null) model.updateChargePoint(id, ChargePointField.POWER, power, NAME);
            Double energy = MeterReadings.total(m.samples(), MeterSample.ENERGY_REGISTER);
            if (energy != null) model.updateChargePoint(id, ChargePointField.ENERGY, energy, NAME);
        }
    }

    private void status(StationEvent.StatusChanged s) {
        String id = s.stationId() + "/" + s.evseId();
        boolean charging = "Charging".equals(s.status());
        model.updateChargePoint(id, ChargePointField.PLUGGED, PLUGGED.contains(s.status()) ? 1 : 0, NAME);
        model.updateChargePoint(id, ChargePointField.CHARGING, charging ? 1 : 0, NAME);
        // a station reports no meter value when a session ends; its power is zero from then on
        if (!charging && !s.status().startsWith("Suspended")) model.updateChargePoint(id, ChargePointField.POWER, 0, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("gridMeter", gridMeter, "samples", samples.get(), "stations", stations.isEmpty() ? "all" : stations);
    }

    @Override
    public void destroy() {
        subscription.close();
    }
}
