package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ladewerk.server.preset.Preset;
import org.ladewerk.server.preset.Presets;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Scope;
import org.ladewerk.server.user.Users;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Charging presets: a driver's own through the app API ({@code presets:write} to change them), any
 * user's through the admin API. The body of a PUT is the whole set (the user's preset without
 * {@code idTag}, one per tag with it), replacing what was there; an invalid set is refused whole with 400.
 */
@RestController
@Tag(name = "Charging presets")
public class PresetController {

    private final Presets presets;
    private final Users users;

    public PresetController(Presets presets, Users users) {
        this.presets = presets;
        this.users = users;
    }

    @GetMapping("/api/app/v1/presets")
    @Operation(summary = "The caller's charging presets (the user's own without idTag, then one per tag)")
    public List<Preset> mine(@AuthenticationPrincipal AppPrincipal me) {
        return presets.of(AppUsers.caller(me).id());
    }

    @PutMapping("/api/app/v1/presets")
    @Operation(summary = "Replaces the caller's charging presets (scope presets:write)",
            description = "mode now|minpv|pv|off, maxCurrentA 6..500, phases 1|3, targetEnergyKWh or targetSocPercent, "
                    + "departureTime HH:mm; idTag one of the caller's tags, or left out for the user's preset.")
    public List<Preset> replaceMine(@AuthenticationPrincipal AppPrincipal me, @RequestBody List<Preset> body) {
        AppUser user = AppUsers.caller(me);
        me.require(Scope.PRESETS_WRITE);
        return presets.replace(user, body);
    }

    @GetMapping("/api/v1/users/{username}/presets")
    @Operation(summary = "A user's charging presets")
    public List<Preset> ofUser(@PathVariable String username) {
        return presets.of(AppUsers.byName(users, username).id());
    }

    @PutMapping("/api/v1/users/{username}/presets")
    @Operation(summary = "Replaces a user's charging presets")
    public List<Preset> replace(@PathVariable String username, @RequestBody List<Preset> body) {
        return presets.replace(AppUsers.byName(users, username), body);
    }

    /** The user behind an app request, and users named in admin paths. */
    static final class AppUsers {
        private AppUsers() {}

        static AppUser caller(AppPrincipal me) {
            if (me == null) throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "the app API needs a user's token or log-in");
            return me.user();
        }

        static AppUser byName(Users users, String username) {
            return users.byUsername(username).orElseThrow(() -> ApiError.notFound("unknown user " + username));
        }
    }
}
