package org.ladewerk.server.transport;

import org.ladewerk.ocpp.schema.OcppSchemas;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class TransportConfig {

    /** The official OCPP schemas, compiled once at start-up. */
    @Bean
    OcppSchemas ocppSchemas() {
        return OcppSchemas.load();
    }
}
