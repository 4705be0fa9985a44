package org.ladewerk.server.transport;

import java.util.Collection;
import java.util.Optional;

/**
 * Which stations are connected to this node. An interface so that a cluster-wide registry
 * (routing commands through PostgreSQL LISTEN/NOTIFY) can replace the local one.
 */
public interface StationRegistry {

    Optional<StationSession> find(String stationId);

    Collection<StationSession> all();

    /** Registers a new session and returns the one it replaces, if any (a reconnect wins at once). */
    Optional<StationSession> register(StationSession session);

    /** Unregisters the session if it is still the current one for its station. */
    boolean unregister(StationSession session);
}
