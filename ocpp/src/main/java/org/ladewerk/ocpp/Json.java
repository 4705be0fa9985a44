package org.ladewerk.ocpp;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The shared mapper for OCPP payloads; thread-safe once built. */
public final class Json {

    // Jackson 3 defaults already write java.time as ISO-8601 strings; stated explicitly so a
    // changed default cannot silently turn timestamps into numbers on the wire.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
