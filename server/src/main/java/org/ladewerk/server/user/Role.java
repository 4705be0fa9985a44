package org.ladewerk.server.user;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user (or an API key) may do: {@code admin} everything, {@code operator} stations, sessions
 * and commands but no user management, {@code driver} only its own tags, sessions, presets and the
 * charge points it is allowed to use. Written in lower case in JSON and in the database.
 */
public enum Role {
    admin, operator, driver;

    /** The Spring Security authority, e.g. {@code ROLE_OPERATOR}. */
    public String authority() {
        return "ROLE_" + name().toUpperCase(Locale.ROOT);
    }

    @JsonValue
    public String json() {
        return name();
    }

    /** Parses a role name in any case; {@link IllegalArgumentException} names the accepted values. */
    public static Role parse(String value) {
        if (value != null)
            for (Role r : values()) if (r.name().equalsIgnoreCase(value.strip())) return r;
        throw new IllegalArgumentException("role must be one of admin, operator, driver, not " + value);
    }
}
