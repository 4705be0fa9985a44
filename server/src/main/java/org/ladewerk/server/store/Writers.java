package org.ladewerk.server.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates every {@link BatchWriter} (so each gets the same metrics) and reports them in
 * {@code /actuator/health} as the {@code writers} component: DOWN when a writer is dead, stuck or
 * failing, or when the database does not answer a trivial query, since then no station message can
 * be acknowledged whatever the writers do.
 */
@Component("writers")
public class Writers implements HealthIndicator {

    private static final int PROBE_TIMEOUT_SECONDS = 5;

    private final MeterRegistry metrics;
    private final JdbcTemplate probe;
    private final List<BatchWriter<?>> writers = new CopyOnWriteArrayList<>();

    public Writers(MeterRegistry metrics, JdbcTemplate jdbcTemplate) {
        this.metrics = metrics;
        this.probe = new JdbcTemplate(jdbcTemplate.getDataSource());
        probe.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
    }

    public <T> BatchWriter<T> create(String name, BatchWriter.Limits limits, BatchWriter.Sink<T> sink, BatchWriter.FailureHandler<T> onFailure) {
        var writer = new BatchWriter<>(name, limits, sink, onFailure, metrics);
        writers.add(writer);
        return writer;
    }

    public List<BatchWriter.State> states() {
        return writers.stream().map(BatchWriter::state).toList();
    }

    @Override
    public Health health() {
        boolean up = true;
        var health = Health.up();
        for (BatchWriter.State s : states()) {
            up &= s.usable();
            health.withDetail(s.name(), s);
        }
        try {
            probe.queryForObject("SELECT 1", Integer.class);
            health.withDetail("database", "answers");
        } catch (RuntimeException e) {
            up = false;
            health.withDetail("database", e.toString());
        }
        return up ? health.build() : health.down().build();
    }
}
