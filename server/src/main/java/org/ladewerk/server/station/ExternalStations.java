package org.ladewerk.server.station;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ladewerk.server.site.ChargeModeControl;
import org.ladewerk.server.site.ChargePointField;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteView;
import org.springframework.stereotype.Service;

/**
 * Charge points that another system runs (an openWB, seen through the MQTT bridge) shown beside the OCPP
 * stations, from the site model in memory: state, power, energy, plugged, charging and charge mode.
 * They are read-only in Ladewerk (no OCPP, so no commands, configuration or registration); only their
 * charge mode can be set, through the system's own {@link ChargeModeControl}. Nothing here touches an
 * OCPP code path: the OCPP stations come from the database as before and these are added to the list.
 */
@Service
public class ExternalStations {

    public static final String OPENWB = "openwb";
    private static final String PREFIX = "openwb-";

    private final SiteModel site;
    private final List<ChargeModeControl> controls;

    public ExternalStations(SiteModel site, List<ChargeModeControl> controls) {
        this.site = site;
        this.controls = controls;
    }

    /** True for the id of a charge point seen through openWB (such an id is never an OCPP station here). */
    public boolean isExternal(String id) {
        return id != null && id.startsWith(PREFIX) && site.chargePoint(id).isPresent();
    }

    public List<Station> list(StationService.StationFilter filter) {
        if (filter.registrationStatus() != null || filter.account() != null) return List.of(); // they have neither
        String q = filter.search() == null ? "" : filter.search().toLowerCase();
        return site.chargePoints(PREFIX).stream().map(this::station)
                .filter(s -> q.isBlank() || s.id().toLowerCase().contains(q) || "openwb".contains(q))
                .filter(s -> filter.online() == null || s.online() == filter.online()).toList();
    }

    public Optional<Station> find(String id) {
        if (id == null || !id.startsWith(PREFIX)) return Optional.empty();
        return site.chargePoint(id).map(this::station);
    }

    private Station station(SiteView.ChargePointView cp) {
        boolean fresh = cp.values().values().stream().anyMatch(v -> !v.stale());
        Instant lastSeen = cp.values().values().stream().map(SiteView.Value::at).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(null);
        Boolean plugged = flag(cp.fresh(ChargePointField.PLUGGED));
        Boolean charging = flag(cp.fresh(ChargePointField.CHARGING));
        String status = !fresh ? "Unavailable" : Boolean.TRUE.equals(charging) ? "Charging" : Boolean.TRUE.equals(plugged) ? "Occupied"
                : plugged == null ? "Unknown" : "Available";
        var connector = new Station.ConnectorStatus(1, 1, status, "NoError", null, null, null, lastSeen);
        List<String> modes = controls.stream().filter(c -> c.controls(cp.id())).findFirst().map(ChargeModeControl::modes).orElse(List.of());
        var external = new Station.External(true, cp.fresh(ChargePointField.POWER), cp.fresh(ChargePointField.ENERGY), plugged, charging,
                cp.chargeMode(), modes, modes.isEmpty() ? null : "/api/v1/site/charge-points/" + cp.id() + "/charge-mode");
        return new Station(cp.id(), null, null, false, null, "openWB", "charge point (MQTT)", null, null, null, null, null, null, null,
                null, null, lastSeen, null, null, null, fresh, List.of(connector), "mqtt", null, null, fresh, fresh ? "Online" : "Offline",
                fresh ? null : "values: none refreshed within ladewerk.site.stale-after", OPENWB, external);
    }

    private static Boolean flag(Double v) {
        return v == null ? null : v != 0;
    }
}
