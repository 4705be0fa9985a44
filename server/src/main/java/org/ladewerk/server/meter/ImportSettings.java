package org.ladewerk.server.meter;

import org.springframework.scheduling.support.CronExpression;

/**
 * How the import runs: the cron schedule whose period the meters are spread over, whether this node
 * runs the schedule itself (tests drive {@link MeterImporter#importDue()} instead), and the most
 * requests one meter may make in one run (a 24-month backfill then spreads over a few runs).
 */
public record ImportSettings(CronExpression cron, boolean scheduled, int maxRequestsPerRun) {}
