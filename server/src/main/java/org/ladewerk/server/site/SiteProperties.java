package org.ladewerk.server.site;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ladewerk.site.*}: the live site model, its sources inside Ladewerk and its stored history. */
@ConfigurationProperties("ladewerk.site")
public record SiteProperties(
        /** A value not refreshed for this long is shown stale and no longer served or stored as live. */
        @DefaultValue("60s") Duration staleAfter,
        /** Snapshots of the latest values are stored this often, however bursty the sources are. */
        @DefaultValue("60s") Duration snapshotInterval,
        /** A simulated site (PV curve, house load, battery) for demos. */
        @DefaultValue("false") boolean simulated,
        /** Station whose connector 0 measures the grid connection (Power.Active.Import/Export, Energy registers). */
        @DefaultValue("") String gridMeter,
        /** OCPP stations whose EVSEs are site charge points; empty: every station. */
        @DefaultValue List<String> stations,
        /** Fixed values by site key (e.g. grid.power=1200), kept fresh: for tests and demos. */
        Map<String, Double> staticValues,
        /** Stored snapshots older than this are deleted (hourly, on one node). */
        @DefaultValue("400d") Duration retention) {

    public SiteProperties {
        if (snapshotInterval.compareTo(Duration.ofSeconds(1)) < 0)
            throw new IllegalArgumentException("ladewerk.site.snapshot-interval must be at least 1s");
        if (retention.compareTo(snapshotInterval) < 0)
            throw new IllegalArgumentException("ladewerk.site.retention must be at least the snapshot interval");
        staticValues = staticValues == null ? Map.of() : Map.copyOf(staticValues);
    }
}
