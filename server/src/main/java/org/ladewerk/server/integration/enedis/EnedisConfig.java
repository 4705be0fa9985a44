package org.ladewerk.server.integration.enedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.ladewerk.server.meter.ImportSettings;
import org.ladewerk.server.meter.MeterDataApi;
import org.ladewerk.server.meter.MeterImporter;
import org.ladewerk.server.meter.MeterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.ObjectMapper;

/** Wires the Enedis adapter behind {@link MeterDataApi} and the consent flow from {@link EnedisProperties}. */
@Configuration
class EnedisConfig {
    private static final Logger log = LoggerFactory.getLogger(EnedisConfig.class);

    @Bean
    ImportSettings meterImportSettings(EnedisProperties properties) {
        CronExpression cron;
        try {
            cron = CronExpression.parse(properties.cron());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ladewerk.enedis.cron is not a valid cron expression: " + e.getMessage(), e);
        }
        if (properties.enabled()) log.info("Enedis meter import: {}", properties);
        return new ImportSettings(cron, properties.enabled() && properties.scheduler(), properties.maxRequestsPerRun());
    }

    @Bean
    TokenCipher enedisTokenCipher(EnedisProperties properties, @Value("${ladewerk.data-dir:./data}") Path dataDir) {
        if (!properties.enabled() && properties.tokenKey().isBlank()) {
            // nothing is stored without Enedis configured: no key file for installations that do not use it
            byte[] unused = new byte[32];
            new SecureRandom().nextBytes(unused);
            return new TokenCipher(unused);
        }
        return TokenCipher.from(properties.tokenKey(), dataDir);
    }

    @Bean
    EnedisTokens enedisTokens(EnedisProperties properties, JdbcClient jdbc, TokenCipher cipher) {
        return new EnedisTokens(properties, jdbc, cipher);
    }

    @Bean
    MeterDataApi enedisMeterDataApi(EnedisProperties properties, EnedisTokens tokens, ObjectMapper json) {
        return new EnedisMeterDataApi(properties, tokens, json);
    }

    @Bean
    LinkyConsent linkyConsent(EnedisProperties properties, JdbcClient jdbc, TokenCipher cipher, EnedisTokens tokens, MeterStore meters,
            MeterImporter importer) {
        byte[] secret = properties.stateSecret().isBlank() ? cipher.derive("consent-state")
                : properties.stateSecret().getBytes(StandardCharsets.UTF_8);
        return new LinkyConsent(properties, new ConsentStates(jdbc, secret), tokens, meters, importer);
    }
}
