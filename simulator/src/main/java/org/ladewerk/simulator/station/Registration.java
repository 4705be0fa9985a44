package org.ladewerk.simulator.station;

/** Where the station stands with the central system since it last powered on. */
public enum Registration { None, Pending, Rejected, Accepted }
