package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import org.ladewerk.server.integration.enedis.LinkyConsent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Enedis consent round trip. The consent endpoint sends the logged-in user to Enedis' consent
 * page; Enedis sends them back to the redirect endpoint (the redirect URI registered with Enedis),
 * which checks the state against that same user before the code is exchanged.
 */
@RestController
@Tag(name = "Meters")
public class LinkyController {

    private final LinkyConsent consent;

    public LinkyController(LinkyConsent consent) {
        this.consent = consent;
    }

    @GetMapping("/api/v1/meters/linky/consent")
    @Operation(summary = "Redirects to Enedis' consent page with a fresh single-use state tied to the caller")
    public ResponseEntity<Void> start(Principal principal) {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(consent.start(principal.getName()))).build();
    }

    @GetMapping("/api/v1/meters/linky/redirect")
    @Operation(summary = "Where Enedis sends the user back: exchanges the code, stores the meter, starts its first import",
            description = "Redirects to the meter's page in the web UI.")
    public ResponseEntity<Void> redirect(Principal principal, @RequestParam(required = false) String code,
                                         @RequestParam(required = false) String state,
                                         @RequestParam(name = "usage_point_id", required = false) String usagePointId,
                                         @RequestParam(required = false) String error) {
        if (error != null) throw new LinkyConsent.ConsentException("Enedis did not give consent: " + error);
        String id = consent.complete(principal.getName(), code, state, usagePointId);
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/#/meters/" + id)).build();
    }

    @ExceptionHandler(LinkyConsent.ConsentException.class)
    ResponseEntity<ApiError> refused(LinkyConsent.ConsentException e) {
        return ResponseEntity.badRequest().body(new ApiError(400, "Bad Request", e.getMessage()));
    }
}
