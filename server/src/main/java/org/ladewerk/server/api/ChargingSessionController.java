package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.ladewerk.server.session.ChargingSession;
import org.ladewerk.server.session.SessionCsv;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.session.SessionStore.Filter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Charging sessions")
public class ChargingSessionController {

    private final SessionStore sessions;
    private final SessionCsv csv;

    public ChargingSessionController(SessionStore sessions, SessionCsv csv) {
        this.sessions = sessions;
        this.csv = csv;
    }

    @GetMapping("/api/v1/charging-sessions")
    @Operation(summary = "Plug-in sessions (plug-in to unplug), newest first; from/to bound the plug-in time (ISO-8601)",
            description = "open=true: not yet completed (still plugged in, or waiting for its transaction to stop). "
                    + "emm is the state of the push to the energy-management application.")
    public List<ChargingSession> list(@RequestParam(required = false) String station, @RequestParam(required = false) String idTag,
                                      @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                      @RequestParam(required = false) Boolean open, @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) Integer offset) {
        return sessions.list(new Filter(station, idTag, from, to, open, Paging.limit(limit), Paging.offset(offset)));
    }

    @GetMapping("/api/v1/charging-sessions/{id}")
    @Operation(summary = "One plug-in session")
    public ChargingSession get(@PathVariable long id) {
        return sessions.find(id).orElseThrow(() -> ApiError.notFound("unknown charging session " + id));
    }

    @GetMapping("/api/v1/charging-sessions.csv")
    @Operation(summary = "All sessions the filters of GET /api/v1/charging-sessions match, as CSV, streamed row by row",
            description = "Times in UTC (ISO-8601), energy in Wh; separator and decimal mark as configured "
                    + "(ladewerk.charging-data.csv-separator, ladewerk.charging-data.decimal-mark).")
    public void export(@RequestParam(required = false) String station, @RequestParam(required = false) String idTag,
                       @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                       @RequestParam(required = false) Boolean open, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"charging-sessions.csv\"");
        csv.write(response.getWriter(), each -> sessions.forEach(new Filter(station, idTag, from, to, open, 0, 0), each));
    }
}
