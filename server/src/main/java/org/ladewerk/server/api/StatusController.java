package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.status.StatusSnapshot;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Status")
public class StatusController {

    private final StatusSnapshot snapshot;
    private final List<String> origins;

    public StatusController(StatusSnapshot snapshot, LadewerkProperties properties) {
        this.snapshot = snapshot;
        this.origins = properties.status().corsOrigins();
    }

    @GetMapping(value = "/api/v1/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every station and connector: online, status, error, power, energy of the running session, firmware, last seen",
            description = "From memory, rebuilt at most every ladewerk.status.refresh (5 s). Supports ETag / If-None-Match. "
                    + "Open without credentials when ladewerk.status.public=true; CORS for ladewerk.status.cors-origins.")
    public ResponseEntity<byte[]> status(@RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                         @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
                                         @RequestHeader(value = HttpHeaders.ORIGIN, required = false) String origin) {
        StatusSnapshot.Built b = snapshot.current();
        var headers = cors(origin);
        headers.setETag(b.etag());
        headers.setCacheControl("no-cache");
        if (ifNoneMatch != null && (ifNoneMatch.equals(b.etag()) || ifNoneMatch.equals("W/" + b.etag())))
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (acceptEncoding != null && acceptEncoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
            return new ResponseEntity<>(b.gzip(), headers, HttpStatus.OK);
        }
        return new ResponseEntity<>(b.json(), headers, HttpStatus.OK);
    }

    @RequestMapping(value = "/api/v1/status.json", method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> preflight(@RequestHeader(value = HttpHeaders.ORIGIN, required = false) String origin) {
        var headers = cors(origin);
        if (headers.getAccessControlAllowOrigin() != null) {
            headers.add(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS");
            headers.add(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, X-API-Key, If-None-Match");
            headers.setAccessControlMaxAge(3600);
        }
        return new ResponseEntity<>(headers, HttpStatus.NO_CONTENT);
    }

    private HttpHeaders cors(String origin) {
        var headers = new HttpHeaders();
        if (origin != null && (origins.contains(origin) || origins.contains("*"))) {
            headers.setAccessControlAllowOrigin(origin);
            headers.setAccessControlExposeHeaders(List.of(HttpHeaders.ETAG));
            headers.setVary(List.of(HttpHeaders.ORIGIN));
        }
        return headers;
    }
}
