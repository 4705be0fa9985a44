package org.ladewerk.server.station;

import java.time.Instant;

public record BootDecision(RegistrationStatus status, Instant currentTime, int intervalSeconds) {}
