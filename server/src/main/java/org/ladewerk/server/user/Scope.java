package org.ladewerk.server.user;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an app token may do; a token without a scope may not do that, whatever its user's role. */
public enum Scope {
    SESSIONS_READ("sessions:read"),
    CHARGING_CONTROL("charging:control"),
    PRESETS_WRITE("presets:write");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Parses {@code sessions:read} etc.; {@link IllegalArgumentException} names the accepted values. */
    public static Scope parse(String value) {
        for (Scope s : values()) if (s.value.equals(value)) return s;
        throw new IllegalArgumentException("scope must be one of sessions:read, charging:control, presets:write, not " + value);
    }
}
