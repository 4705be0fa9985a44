package org.ladewerk.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

// Without Micrometer's log-event counter (logback_events_total): it is a logback turbo filter, which logback
// consults on every isDebugEnabled() check, and Jetty makes dozens of those per station message (3.4 % of the
// server's CPU at full ingest). Warnings and errors are in the log itself.
@SpringBootApplication(exclude = LogbackMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class LadewerkApplication {
    public static void main(String[] args) {
        SpringApplication.run(LadewerkApplication.class, args);
    }
}
