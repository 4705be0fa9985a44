package org.ladewerk.server.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live site: the latest value of every quantity and charge point, with when and from where it
 * came. Sources write here (MQTT at thousands of messages a second, OCPP meter values, the simulation),
 * readers (API, NRGkick, snapshots, publisher) take a {@link SiteView} — everything stays in memory,
 * so bursts of input never reach the database and every reader answers without it. This is the
 * latest-value cache that the snapshot job samples at a steady interval.
 */
public class SiteModel {

    private final Clock clock;
    private final Duration staleAfter;
    private final Map<SiteQuantity, Slot> values = new ConcurrentHashMap<>();
    private final Map<String, ChargePoint> chargePoints = new ConcurrentHashMap<>();
    /**
     * The same ids in order (charge points are never removed): the view lists them sorted, and the
     * station list asks for the few openWB ones by prefix on every page, among 19,000 stations.
     */
    private final NavigableSet<String> ids = new ConcurrentSkipListSet<>();
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /** A charge point's latest values; {@code chargeMode} is text (e.g. openWB's mode), not a number. */
    record ChargePoint(String source, Map<ChargePointField, Slot> values, String[] chargeMode) {}

    /**
     * A quantity's latest reading, overwritten in place. Every station reports every few seconds; a new
     * Reading and Instant per report would be young objects that old maps point to, so every young
     * collection would scan those maps' cards and copy the latest reading of every station.
     */
    private static final class Slot {
        private double value;
        private long epochSecond;
        private int nano;
        private String source;

        Slot(double value, Instant at, String source) {
            set(value, at, source);
        }

        synchronized void set(double value, Instant at, String source) {
            this.value = value;
            this.epochSecond = at.getEpochSecond();
            this.nano = at.getNano();
            if (!Objects.equals(source, this.source)) this.source = source; // an unchanged reference is not written again
        }

        synchronized Reading reading() {
            return new Reading(value, Instant.ofEpochSecond(epochSecond, nano), source);
        }

        /** A reader sees a key only with its first value set; later values go into the same slot. */
        static <K> void put(Map<K, Slot> slots, K key, double value, Instant at, String source) {
            Slot slot = slots.get(key);
            if (slot == null) slot = slots.putIfAbsent(key, new Slot(value, at, source));
            if (slot != null) slot.set(value, at, source);
        }
    }

    public SiteModel(Clock clock, Duration staleAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stores a normalised value; false (and nothing stored) when it is not a plausible value of its unit. */
    public boolean update(SiteQuantity quantity, double value, String source) {
        if (!quantity.unit().plausible(value)) return reject();
        Slot.put(values, quantity, value, now(), source);
        version.incrementAndGet();
        return true;
    }

    public boolean updateChargePoint(String id, ChargePointField field, double value, String source) {
        if (!field.unit().plausible(value)) return reject();
        Slot.put(chargePoint(id, source).values, field, value, now(), source);
        version.incrementAndGet();
        return true;
    }

    public void chargeMode(String id, String mode, String source) {
        chargePoint(id, source).chargeMode[0] = mode;
        version.incrementAndGet();
    }

    private ChargePoint chargePoint(String id, String source) {
        return chargePoints.computeIfAbsent(id, k -> {
            ids.add(k);
            return new ChargePoint(source, new ConcurrentHashMap<>(), new String[1]);
        });
    }

    private boolean reject() {
        rejected.incrementAndGet();
        return false;
    }

    /** Changes so far; readers compare it to skip work when nothing changed. */
    public long version() {
        return version.get();
    }

    /** Values refused as implausible since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Everything as of now, with ages and staleness, and the house load derived when no source reports it. */
    public SiteView view() {
        Instant now = now();
        var site = new EnumMap<SiteQuantity, SiteView.Value>(SiteQuantity.class);
        values.forEach((q, slot) -> site.put(q, SiteView.Value.of(slot.reading(), q.unit(), now, staleAfter)));
        return SiteView.of(now, staleAfter, site, chargePoints(ids, now));
    }

    /**
     * The charge points whose id starts with {@code idPrefix}, as {@link #view()} shows them: a look at
     * a few without building the view of every station's charge point.
     */
    public List<SiteView.ChargePointView> chargePoints(String idPrefix) {
        return chargePoints(ids.subSet(idPrefix, true, idPrefix + Character.MAX_VALUE, true), now());
    }

    public Optional<SiteView.ChargePointView> chargePoint(String id) {
        ChargePoint cp = chargePoints.get(id);
        return cp == null ? Optional.empty() : Optional.of(view(id, cp, now()));
    }

    private List<SiteView.ChargePointView> chargePoints(Collection<String> sortedIds, Instant now) {
        var views = new ArrayList<SiteView.ChargePointView>(sortedIds.size());
        for (String id : sortedIds) {
            ChargePoint cp = chargePoints.get(id); // null only while another thread is adding it
            if (cp != null) views.add(view(id, cp, now));
        }
        return views;
    }

    private SiteView.ChargePointView view(String id, ChargePoint cp, Instant now) {
        var fields = new EnumMap<ChargePointField, SiteView.Value>(ChargePointField.class);
        cp.values.forEach((f, slot) -> fields.put(f, SiteView.Value.of(slot.reading(), f.unit(), now, staleAfter)));
        return new SiteView.ChargePointView(id, cp.source, fields, cp.chargeMode[0]);
    }
}
