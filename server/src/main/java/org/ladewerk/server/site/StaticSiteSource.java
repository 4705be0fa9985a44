package org.ladewerk.server.site;

import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fixed values from {@code ladewerk.site.static-values}, written again every few seconds so they never
 * turn stale: a site without meters (tests, demos, a known constant house load) still has a model.
 */
@Component
class StaticSiteSource implements SiteSource, DisposableBean {

    private final Map<SiteTarget, Double> values = new LinkedHashMap<>();
    private final Ticker ticker;

    StaticSiteSource(SiteProperties properties, SiteModel model) {
        properties.staticValues().forEach((key, value) -> values.put(SiteTarget.parse(key), value));
        for (var e : values.entrySet()) {
            if (!e.getKey().unit().plausible(e.getValue()))
                throw new IllegalArgumentException("ladewerk.site.static-values: " + e.getKey() + "=" + e.getValue() + " is out of range");
        }
        if (values.isEmpty()) {
            ticker = null;
            return;
        }
        Duration every = Duration.ofMillis(Math.max(1, properties.staleAfter().toMillis() / 4));
        ticker = Ticker.every("site-static", Duration.ZERO, every, () -> values.forEach((t, v) -> t.apply(model, v, name())));
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public boolean active() {
        return !values.isEmpty();
    }

    @Override
    public Map<String, Object> status() {
        var out = new LinkedHashMap<String, Object>();
        values.forEach((t, v) -> out.put(t.toString(), v));
        return Map.of("values", out);
    }

    @Override
    public void destroy() {
        if (ticker != null) ticker.close();
    }
}
