package org.ladewerk.server.transport;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

@Component
public class LocalStationRegistry implements StationRegistry {

    private final ConcurrentHashMap<String, StationSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<StationSession> find(String stationId) {
        return Optional.ofNullable(sessions.get(stationId));
    }

    @Override
    public Collection<StationSession> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    @Override
    public Optional<StationSession> register(StationSession session) {
        return Optional.ofNullable(sessions.put(session.stationId(), session));
    }

    @Override
    public boolean unregister(StationSession session) {
        return sessions.remove(session.stationId(), session);
    }
}
