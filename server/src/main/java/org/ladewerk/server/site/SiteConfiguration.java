package org.ladewerk.server.site;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one site model of this node. */
@Configuration
class SiteConfiguration {

    @Bean
    SiteModel siteModel(SiteProperties properties) {
        return new SiteModel(Clock.systemUTC(), properties.staleAfter());
    }
}
