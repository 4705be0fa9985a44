package org.ladewerk.server.store;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's fast path for the batched inserts of the group commit and the message log: with
 * {@code reWriteBatchedInserts} the JDBC driver sends a batch of single-row INSERTs as multi-row
 * INSERTs, one round trip and one statement per few hundred rows instead of one per row. Set here
 * rather than in application.yml because H2 refuses connection settings it does not know; a value
 * given in the URL or as a Hikari data-source property wins.
 */
@Component
class PostgresBatching implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null && ds.getJdbcUrl().startsWith("jdbc:postgresql:")
                && !ds.getJdbcUrl().contains("reWriteBatchedInserts") && !ds.getDataSourceProperties().containsKey("reWriteBatchedInserts"))
            ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        return bean;
    }
}
