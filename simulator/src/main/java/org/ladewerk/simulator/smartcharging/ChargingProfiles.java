package org.ladewerk.simulator.smartcharging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ladewerk.ocpp.v16.ChargingProfile;

/**
 * The charging profiles a station holds, with the OCPP 1.6 rules for installing and clearing them.
 * Not thread-safe: owned by one station.
 */
public final class ChargingProfiles {

    public static final String CHARGE_POINT_MAX = "ChargePointMaxProfile";
    public static final String TX_DEFAULT = "TxDefaultProfile";
    public static final String TX = "TxProfile";

    public enum SetStatus { Accepted, Rejected, NotSupported }

    private final int maxStackLevel;
    private final int maxPeriods;
    private final int maxInstalled;
    private final List<InstalledProfile> installed = new ArrayList<>();

    public ChargingProfiles(int maxStackLevel, int maxPeriods, int maxInstalled) {
        this.maxStackLevel = maxStackLevel;
        this.maxPeriods = maxPeriods;
        this.maxInstalled = maxInstalled;
    }

    /**
     * SetChargingProfile. {@code activeTransactionId} is the transaction running on the connector,
     * if any: a TxProfile is only accepted for it.
     */
    public SetStatus set(int connectorId, ChargingProfile p, Integer activeTransactionId) {
        var schedule = p.chargingSchedule();
        if (schedule == null || schedule.chargingSchedulePeriod() == null || schedule.chargingSchedulePeriod().isEmpty())
            return SetStatus.Rejected;
        if (schedule.chargingSchedulePeriod().size() > maxPeriods || p.stackLevel() == null || p.stackLevel() > maxStackLevel)
            return SetStatus.Rejected;
        if (schedule.chargingSchedulePeriod().getFirst().startPeriod() != 0) return SetStatus.Rejected;
        switch (p.chargingProfilePurpose()) {
            case CHARGE_POINT_MAX -> {
                if (connectorId != 0) return SetStatus.Rejected;
            }
            case TX -> {
                if (connectorId == 0 || activeTransactionId == null) return SetStatus.Rejected;
                if (p.transactionId() != null && !p.transactionId().equals(activeTransactionId)) return SetStatus.Rejected;
            }
            case TX_DEFAULT -> { }
            default -> {
                return SetStatus.Rejected;
            }
        }
        if ("Recurring".equals(p.chargingProfileKind()) && (p.recurrencyKind() == null || schedule.startSchedule() == null))
            return SetStatus.Rejected;
        // A profile replaces the one with the same id, and the one with the same purpose and stack level on that connector.
        installed.removeIf(i -> i.id() == p.chargingProfileId()
                || (i.connectorId() == connectorId && i.purpose().equals(p.chargingProfilePurpose()) && i.stackLevel() == p.stackLevel()));
        if (installed.size() >= maxInstalled) return SetStatus.Rejected;
        ChargingProfile stored = TX.equals(p.chargingProfilePurpose()) && p.transactionId() == null ? withTransaction(p, activeTransactionId) : p;
        installed.add(new InstalledProfile(connectorId, stored));
        return SetStatus.Accepted;
    }

    /** ClearChargingProfile: by id alone, or by every criterion given; none given clears all. True when any was removed. */
    public boolean clear(Integer id, Integer connectorId, String purpose, Integer stackLevel) {
        if (id != null) return installed.removeIf(i -> i.id() == id);
        return installed.removeIf(i -> (connectorId == null || i.connectorId() == connectorId)
                && (purpose == null || i.purpose().equals(purpose))
                && (stackLevel == null || i.stackLevel() == stackLevel));
    }

    /** A TxProfile lives only as long as its transaction. */
    public void transactionEnded(int connectorId) {
        installed.removeIf(i -> i.connectorId() == connectorId && TX.equals(i.purpose()));
    }

    public List<InstalledProfile> all() {
        return List.copyOf(installed);
    }

    private static ChargingProfile withTransaction(ChargingProfile p, Integer tx) {
        return new ChargingProfile(p.chargingProfileId(), Objects.requireNonNull(tx), p.stackLevel(), p.chargingProfilePurpose(),
                p.chargingProfileKind(), p.recurrencyKind(), p.validFrom(), p.validTo(), p.chargingSchedule());
    }
}
