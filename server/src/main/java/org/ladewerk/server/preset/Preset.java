package org.ladewerk.server.preset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A driver's charging preset, for all of the user's tags ({@code idTag} null) or for one tag (which
 * wins). {@code mode}: {@code now} charges at once, limited to {@code maxCurrentA} if given; {@code minpv}
 * charges at least 6 A and at most {@code maxCurrentA}; {@code pv} leaves the current to the energy manager
 * within {@code maxCurrentA} (on a station the manager controls, every mode is handed to it); {@code off} does not charge (limit 0 A). Charging stops once the
 * transaction has drawn {@code targetEnergyKWh} or the car reports {@code targetSocPercent}.
 * {@code departureTime} (local HH:mm) is kept for the energy manager and shown; nothing acts on it yet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preset(String idTag, String mode, Double maxCurrentA, Integer phases, Double targetEnergyKWh,
                     Integer targetSocPercent, String departureTime) {

    public static final List<String> MODES = List.of("now", "minpv", "pv", "off");
    /** The floor of mode {@code minpv} until the energy manager decides it (IEC 61851's minimum). */
    public static final double MIN_PV_FLOOR_A = 6;
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /** What is wrong with this preset, or an empty list. */
    public List<String> problems() {
        var problems = new ArrayList<String>();
        if (mode == null || !MODES.contains(mode)) problems.add("mode must be one of now, minpv, pv, off, not " + mode);
        if (maxCurrentA != null && !(maxCurrentA >= MIN_PV_FLOOR_A && maxCurrentA <= 500))
            problems.add("maxCurrentA must be between 6 and 500, not " + maxCurrentA);
        if ("minpv".equals(mode) && maxCurrentA == null) problems.add("mode minpv needs maxCurrentA (the ceiling above its 6 A floor)");
        if (phases != null && phases != 1 && phases != 3) problems.add("phases must be 1 or 3, not " + phases);
        if (targetEnergyKWh != null && targetSocPercent != null) problems.add("give targetEnergyKWh or targetSocPercent, not both");
        if (targetEnergyKWh != null && !(targetEnergyKWh > 0 && targetEnergyKWh <= 1000))
            problems.add("targetEnergyKWh must be above 0 and at most 1000, not " + targetEnergyKWh);
        if (targetSocPercent != null && (targetSocPercent < 1 || targetSocPercent > 100))
            problems.add("targetSocPercent must be between 1 and 100, not " + targetSocPercent);
        if (departureTime != null && !TIME.matcher(departureTime).matches())
            problems.add("departureTime must be a time of day HH:mm, not " + departureTime);
        if (idTag != null && idTag.isBlank()) problems.add("idTag must not be blank (leave it out for the user's preset)");
        return problems;
    }

    /** The current limit to send with the transaction's profile, in A; null for no profile at all. */
    public Double limitA() {
        return "off".equals(mode) ? Double.valueOf(0) : maxCurrentA;
    }

    /** The minimum charging rate to ask for, in A (mode minpv only). */
    public Double minimumA() {
        return "minpv".equals(mode) ? MIN_PV_FLOOR_A : null;
    }

    public Long targetEnergyWh() {
        return targetEnergyKWh == null ? null : Math.round(targetEnergyKWh * 1000);
    }
}
