package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ladewerk.server.energy.EnergyManager;
import org.ladewerk.server.energy.EvseMode;
import org.ladewerk.server.energy.EvseSetting;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The energy manager: the mode of each EVSE, and the live allocation with the reason for each limit. */
@RestController
@Tag(name = "Energy manager")
public class EnergyController {

    private final EnergyManager energy;

    public EnergyController(EnergyManager energy) {
        this.energy = energy;
    }

    /** The PUT body; absent fields keep their current value. */
    public record ModeRequest(String mode, Double minCurrentA, Double maxCurrentA, Integer priority, Boolean phaseSwitching) {}

    @GetMapping("/api/v1/stations/{id}/evses/{evseId}/mode")
    @Operation(summary = "The EVSE's charging mode (off, now, minpv, pv), currents, priority and phase switching")
    public EvseSetting mode(@PathVariable String id, @PathVariable int evseId) {
        return energy.setting(id, evseId);
    }

    @PutMapping("/api/v1/stations/{id}/evses/{evseId}/mode")
    @Operation(summary = "Set the EVSE's mode, e.g. {\"mode\":\"pv\"}, with optional minCurrentA, maxCurrentA (A per phase), "
            + "priority (0-100, higher first) and phaseSwitching; the next control round applies it")
    public EvseSetting setMode(@PathVariable String id, @PathVariable int evseId, @RequestBody ModeRequest r) {
        EvseSetting now = energy.setting(id, evseId);
        try {
            EvseMode mode = r.mode() == null ? now.mode() : EvseMode.of(r.mode());
            return energy.configure(new EvseSetting(id, evseId, mode, r.minCurrentA() == null ? now.minCurrentA() : r.minCurrentA(),
                    r.maxCurrentA() == null ? now.maxCurrentA() : r.maxCurrentA(), r.priority() == null ? now.priority() : r.priority(),
                    r.phaseSwitching() == null ? now.phaseSwitching() : r.phaseSwitching()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    @GetMapping("/api/v1/energy/allocation")
    @Operation(summary = "The live allocation: per EVSE its mode, measured power, limit, phases and the reason for the limit "
            + "(surplus, site-limit, circuit-limit, max-current, vehicle, no-surplus, stopping, no-vehicle, off, offline); the site's surplus")
    public EnergyManager.Allocation allocation() {
        return energy.allocation();
    }
}
