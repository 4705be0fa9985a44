package org.ladewerk.demo;

import org.ladewerk.server.LadewerkApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code ./ladewerk} starts: the central system exactly as the server jar runs it, plus the
 * demo content of this package beside it. The server module knows nothing of the emulator, so a
 * production deployment (the server jar) never writes demo stations or tags; running this class is
 * how the demo is asked for, and {@code ladewerk.demo.enabled=false} turns it off even here.
 * <p>
 * New demo content (a simulated site, say) is a Spring component in this package: it is picked up
 * by the scan below and can read its settings under {@code ladewerk.demo.*}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(DemoProperties.class)
public class LadewerkDemo {

    public static void main(String[] args) {
        new SpringApplicationBuilder(LadewerkApplication.class, LadewerkDemo.class)
                // the site page shows a simulated site (PV, house, battery) beside the demo stations; a default, so
                // any setting given overrides it
                .properties("ladewerk.site.simulated=${ladewerk.demo.enabled:true}")
                .run(args);
    }
}
