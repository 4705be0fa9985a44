package org.ladewerk.simulator.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A load run: how many stations, how fast they come, what they send, and for how long.
 *
 * @param url             central system URL (the station id is appended), or the echo endpoint
 * @param stations        number of emulated stations
 * @param rampPerSecond   stations started per second; 0 starts all at once (a boot storm)
 * @param sources         local source addresses 127.0.0.2 .. 127.0.0.(1 + sources); 0: the system's choice
 * @param targets         loopback addresses 127.0.0.1 .. 127.0.0.targets the stations connect to in turn (the URL's host
 *                        must be 127.0.0.1); 1: the URL as given
 * @param connectors      connectors per station
 * @param heartbeat       heartbeat interval
 * @param meterInterval   meter sample interval of a charging connector
 * @param sessionsAtStart every connector starts a transaction once its station is accepted
 * @param sessionsPerHour further EV arrivals per station and hour
 * @param measurands      what each MeterValues carries (MeterValuesSampledData)
 * @param bootTimeout     how long to wait for every station to be accepted
 * @param warmup          traffic before the measurement window, not measured
 * @param duration        the measurement window
 * @param echo            the peer echoes every frame (transport baseline): no boot, MeterValues only
 * @param idPrefix        station ids are the prefix and a number
 * @param idTag           the tag every driver presents; null: each station its own (prefix letters, T, number)
 * @param password        the password every station presents with HTTP Basic (security profile 1); null: none
 * @param report          where to write the JSON report (null: nowhere)
 */
public record LoadOptions(String url, int stations, double rampPerSecond, int sources, int targets, int connectors, Duration heartbeat,
                          Duration meterInterval, boolean sessionsAtStart, double sessionsPerHour, List<String> measurands,
                          Duration bootTimeout, Duration warmup, Duration duration, boolean echo, String idPrefix, String idTag, String password,
                          Path report) {
}
