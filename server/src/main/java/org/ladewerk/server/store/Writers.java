package org.ladewerk.server.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Creates every {@link BatchWriter} (so each gets the same metrics) and reports them in
 * {@code /actuator/health} as the {@code writers} component: DOWN when a writer is dead, stuck or
 * failing. Whether the database itself commits is {@link DatabaseHealthIndicator}'s to say.
 */
@Component("writers")
public class Writers implements HealthIndicator {

    private final MeterRegistry metrics;
    private final List<BatchWriter<?>> writers = new CopyOnWriteArrayList<>();

    public Writers(MeterRegistry metrics) {
        this.metrics = metrics;
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
        return up ? health.build() : health.down().build();
    }
}
