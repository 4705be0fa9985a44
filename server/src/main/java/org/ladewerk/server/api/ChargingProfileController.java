package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.command.StationCommands;
import org.ladewerk.server.smartcharging.ChargingProfileService;
import org.ladewerk.server.smartcharging.ChargingProfileService.ChargingProfile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@RequestMapping("/api/v1/charging-profiles")
@Tag(name = "Charging profiles")
public class ChargingProfileController {

    private final ChargingProfileService profiles;
    private final StationCommands commands;

    public ChargingProfileController(ChargingProfileService profiles, StationCommands commands) {
        this.profiles = profiles;
        this.commands = commands;
    }

    /** {@code profile} in the station's protocol shape (OCPP 1.6 csChargingProfiles). */
    public record NewChargingProfile(String stationId, Integer evseId, ObjectNode profile) {}

    @GetMapping
    @Operation(summary = "Profiles installed on stations (accepted by them)")
    public List<ChargingProfile> list(@RequestParam(required = false) String stationId) {
        return profiles.list(stationId);
    }

    @PostMapping
    @Operation(summary = "Install a profile: sends SetChargingProfile and returns the station's answer")
    public CompletableFuture<ResponseEntity<?>> create(@RequestBody NewChargingProfile p) {
        if (p.stationId() == null || p.evseId() == null || p.profile() == null)
            throw ApiError.badRequest("stationId, evseId and profile are required");
        return CommandResponses.toResponse(p.stationId(), commands.setChargingProfile(p.stationId(), p.evseId(), p.profile()));
    }

    @DeleteMapping("/{stationId}/{profileId}")
    @Operation(summary = "Remove a profile: sends ClearChargingProfile and returns the station's answer")
    public CompletableFuture<ResponseEntity<?>> delete(@PathVariable String stationId, @PathVariable int profileId) {
        return CommandResponses.toResponse(stationId, commands.clearChargingProfile(stationId, profileId));
    }
}
