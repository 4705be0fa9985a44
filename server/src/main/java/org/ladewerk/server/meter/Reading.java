package org.ladewerk.server.meter;

import java.time.Instant;

/** One value of a series: at the start of its 30-minute interval or of its day (Paris time). */
public record Reading(Instant ts, long value) {}
