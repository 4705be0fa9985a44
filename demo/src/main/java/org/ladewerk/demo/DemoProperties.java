package org.ladewerk.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The {@code ladewerk.demo.*} settings; only the demo launcher reads them (README, configuration table). */
@ConfigurationProperties("ladewerk.demo")
public record DemoProperties(
        /** Demo content on; false runs the demo launcher as the plain central system. */
        @DefaultValue("true") boolean enabled,
        /** How many emulated stations (DEMO-1, DEMO-2, ...). */
        @DefaultValue("3") int stations,
        /** EV arrivals per emulated station and hour. */
        @DefaultValue("6") double sessionsPerHour,
        /** Each emulated station's first EV arrives within this time after start. */
        @DefaultValue("45s") Duration firstSessionWithin,
        /** MeterValueSampleInterval of the emulated stations. */
        @DefaultValue("10s") Duration meterInterval) {}
