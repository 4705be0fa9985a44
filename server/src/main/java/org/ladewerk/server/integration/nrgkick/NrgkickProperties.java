package org.ladewerk.server.integration.nrgkick;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ladewerk.nrgkick.*}: the NRGkick Custom API listener and the devices it describes. Without
 * a port the listener is off; port 0 takes any free port (logged).
 */
@ConfigurationProperties("ladewerk.nrgkick")
public record NrgkickProperties(
        Integer port,
        @DefaultValue("0.0.0.0") String host,
        /** Up to five; the first carries the site's PV values. Default: one named "PV". */
        @DefaultValue List<Device> inverters,
        /** Up to five; the first carries the site's grid power. Default: one named "Grid" at location 1. */
        @DefaultValue List<Device> energyMeters,
        /** At most one; served when configured (name set). */
        Device battery,
        /** At most one; served when configured (name set). */
        Device smartLoad) {

    /** What {@code info.json} says of a device; unset fields are left out. */
    public record Device(String name, String model, String serial, Integer maxDcW, Integer maxAcW, Integer location,
                         Integer capacityWh, @DefaultValue("0") int mode) {}

    public NrgkickProperties {
        if (port != null && (port < 0 || port > 65535)) throw new IllegalArgumentException("ladewerk.nrgkick.port must be 0..65535");
        inverters = inverters.isEmpty() ? List.of(new Device("PV", null, null, null, null, null, null, 0)) : inverters;
        energyMeters = energyMeters.isEmpty() ? List.of(new Device("Grid", null, null, null, null, 1, null, 0)) : energyMeters;
        if (inverters.size() > 5 || energyMeters.size() > 5)
            throw new IllegalArgumentException("ladewerk.nrgkick: at most five inverters and five energy meters");
        if (battery != null && battery.name() == null) battery = null;
        if (smartLoad != null && smartLoad.name() == null) smartLoad = null;
    }
}
