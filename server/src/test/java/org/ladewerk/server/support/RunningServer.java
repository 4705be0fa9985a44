package org.ladewerk.server.support;

import java.util.HashMap;
import java.util.Map;
import org.ladewerk.server.LadewerkApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole server started like the launcher does, for tests that stop and restart it. */
public record RunningServer(ConfigurableApplicationContext context) implements AutoCloseable {

    public static RunningServer start(Map<String, Object> properties) {
        var props = new HashMap<String, Object>(properties);
        props.putIfAbsent("server.port", 0);
        props.putIfAbsent("ladewerk.ocpp.response-timeout", "2s");
        // as command-line arguments, which override application.yml (builder properties would not)
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RunningServer(new SpringApplicationBuilder(LadewerkApplication.class).run(args));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Api api() {
        return new Api(port());
    }

    public TestStation station(String id) {
        return TestStation.connect(port(), id);
    }

    @Override
    public void close() {
        context.close();
    }
}
