package org.ladewerk.server.meter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ladewerk.server.meter.ImportWindows.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Imports every consented meter on the cron schedule, continuing each series from its marker. Each
 * meter has its own slot inside the schedule's period (a hash of its id), so many meters do not hit
 * the provider's quota at the same instant; a due meter is claimed through its lease, so with
 * several nodes each run happens once. A 429 stops all requests until its Retry-After has passed
 * (the quota is the application's, not the meter's); a withdrawn or expired consent stops that
 * meter and is shown; any other failure is recorded on the meter and retried at its next slot,
 * and the other meters go on.
 */
@Service
public class MeterImporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeterImporter.class);
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofSeconds(30);

    private final MeterStore store;
    private final MeterDataApi api;
    private final ImportSettings settings;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile Instant pausedUntil;
    private volatile boolean running;
    private Thread worker;

    public MeterImporter(MeterStore store, MeterDataApi api, ImportSettings settings, @Qualifier("meterClock") Optional<Clock> clock) {
        this.store = store;
        this.api = api;
        this.settings = settings;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Imports the meters whose slot has come; returns how many were imported. */
    public int importDue() {
        int done = 0;
        for (String id : store.due(clock.instant())) {
            Instant now = clock.instant();
            if (pausedUntil != null && now.isBefore(pausedUntil)) break;
            if (!store.claim(id, node, now, now.plus(LEASE))) continue;
            String error = null;
            Instant next = nextSlot(id, now);
            try {
                importMeter(id);
            } catch (MeterDataException e) {
                if (e.consentLost()) {
                    log.warn("meter {}: {}; not imported until a new consent", id, e.getMessage());
                    store.consentLost(id, e.kind() == MeterDataException.Kind.CONSENT_REVOKED ? Meter.Status.CONSENT_REVOKED
                            : Meter.Status.CONSENT_EXPIRED, e.getMessage(), now);
                    done++;
                    continue;
                }
                error = e.getMessage();
                if (e.kind() == MeterDataException.Kind.RATE_LIMITED) {
                    pausedUntil = clock.instant().plus(e.retryAfter());
                    next = pausedUntil;
                    log.warn("Enedis quota reached; no request before {}", pausedUntil);
                } else {
                    log.warn("meter {}: import failed, retried at {}: {}", id, next, error);
                }
            } catch (RuntimeException e) {
                error = e.toString();
                log.error("meter {}: import failed, retried at {}", id, next, e);
            }
            store.release(id, next, error, clock.instant());
            done++;
            if (pausedUntil != null && clock.instant().isBefore(pausedUntil)) break;
        }
        return done;
    }

    private void importMeter(String id) {
        LocalDate today = LocalDate.now(clock.withZone(PARIS));
        Meter meter = store.find(id).orElseThrow();
        boolean produces = Boolean.TRUE.equals(meter.produces()) || (meter.produces() == null && probeProduction(id, today));
        int budget = settings.maxRequestsPerRun();
        for (Series series : Series.values()) {
            if (series.production && !produces) continue;
            budget = importSeries(id, series, today, budget);
        }
    }

    /** Whether the meter produces: asks once for the last month's daily production. */
    private boolean probeProduction(String id, LocalDate today) {
        boolean produces;
        try {
            produces = !api.fetch(Series.DAILY_PRODUCTION, id, today.minusDays(30), today).isEmpty();
        } catch (MeterDataException e) {
            if (e.kind() != MeterDataException.Kind.NO_DATA && e.kind() != MeterDataException.Kind.REJECTED) throw e;
            produces = false;
        }
        store.produces(id, produces);
        return produces;
    }

    private int importSeries(String id, Series series, LocalDate today, int budget) {
        LocalDate marker = store.marker(id, series).orElse(ImportWindows.initialMarker(series, today));
        Optional<Window> window;
        while (budget > 0 && (window = ImportWindows.next(series, marker, today)).isPresent()) {
            Window w = window.get();
            List<Reading> readings;
            budget--;
            try {
                readings = api.fetch(series, id, w.start(), w.end());
            } catch (MeterDataException e) {
                if (e.kind() == MeterDataException.Kind.BEFORE_ACTIVATION) readings = sinceActivation(id, series, w);
                else if (e.kind() == MeterDataException.Kind.NO_DATA) readings = List.of();
                else throw e;
            }
            LocalDate lastDay = readings.stream().map(r -> r.ts().atZone(PARIS).toLocalDate()).max(LocalDate::compareTo).orElse(null);
            LocalDate next = ImportWindows.markerAfter(w, today, lastDay);
            store.store(id, series, readings, next);
            if (next.isBefore(w.end())) break; // the rest is not published yet: asked for again next run
            marker = next;
        }
        return budget;
    }

    /**
     * Enedis refuses a window that starts before the meter's activation, without saying when that was:
     * halving finds the first day it accepts (about nine requests for a year, once per series), so
     * the days between the activation and the window's end are not lost. Returns their readings.
     */
    private List<Reading> sinceActivation(String id, Series series, Window w) {
        LocalDate refused = w.start();
        LocalDate accepted = w.end();
        List<Reading> found = List.of();
        while (ChronoUnit.DAYS.between(refused, accepted) > 1) {
            LocalDate mid = refused.plusDays(ChronoUnit.DAYS.between(refused, accepted) / 2);
            try {
                found = api.fetch(series, id, mid, w.end());
                accepted = mid;
            } catch (MeterDataException e) {
                if (e.kind() == MeterDataException.Kind.NO_DATA) {
                    found = List.of();
                    accepted = mid;
                } else if (e.kind() == MeterDataException.Kind.BEFORE_ACTIVATION) {
                    refused = mid;
                } else {
                    throw e;
                }
            }
        }
        return found;
    }

    /** The meter's slot in the schedule period after {@code now}: the next cron time plus an offset from its id. */
    Instant nextSlot(String id, Instant now) {
        ZonedDateTime first = settings.cron().next(now.atZone(ZoneId.systemDefault()));
        if (first == null) return now.plus(Duration.ofDays(1));
        ZonedDateTime second = settings.cron().next(first);
        long period = second == null ? 0 : Duration.between(first, second).toMillis();
        long offset = period <= 0 ? 0 : Math.floorMod((long) id.hashCode() * 2654435761L, period);
        return first.toInstant().plusMillis(offset);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Lets a new consent or a re-import start without waiting for the next poll. */
    public void wake() {
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                importDue();
            } catch (RuntimeException e) {
                log.error("meter import run failed; retrying at the next poll", e);
            }
            lock.lock();
            try {
                wake.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (settings.scheduled()) worker = Thread.ofVirtual().name("meter-import").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) worker.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
