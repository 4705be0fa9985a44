package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.server.session.ChargingSession;
import org.ladewerk.server.session.SessionCsv;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.sessionlog.SessionPdf;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Scope;
import org.ladewerk.server.user.Users;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's charging log: the sessions charged with the user's tags, as CSV (the archive's shape,
 * streamed) or as PDF (totals per month and a chart of energy per day). Drivers get their own through
 * the app API (scope {@code sessions:read}); admins any user's. {@code from} and {@code to} are days
 * (UTC, both included) or instants, bounding the plug-in time.
 */
@RestController
@Tag(name = "Charging sessions")
public class SessionLogController {

    /** A PDF holds at most this many sessions (a driver's years of charging); narrow the period beyond. */
    static final int PDF_MAX_SESSIONS = 20_000;

    private final SessionStore sessions;
    private final SessionCsv csv;
    private final Users users;

    public SessionLogController(SessionStore sessions, SessionCsv csv, Users users) {
        this.sessions = sessions;
        this.csv = csv;
        this.users = users;
    }

    @GetMapping("/api/app/v1/sessions.csv")
    @Operation(summary = "The caller's sessions as CSV (scope sessions:read), newest first, streamed")
    public void myCsv(@AuthenticationPrincipal AppPrincipal me, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        csv(reader(me), from, to, response);
    }

    @GetMapping("/api/app/v1/sessions.pdf")
    @Operation(summary = "The caller's charging log as PDF (scope sessions:read): sessions, totals per month, energy per day")
    public void myPdf(@AuthenticationPrincipal AppPrincipal me, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        pdf(reader(me), from, to, response);
    }

    @GetMapping("/api/v1/users/{username}/sessions.csv")
    @Operation(summary = "A user's sessions as CSV, newest first, streamed")
    public void userCsv(@PathVariable String username, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        csv(PresetController.AppUsers.byName(users, username), from, to, response);
    }

    @GetMapping("/api/v1/users/{username}/sessions.pdf")
    @Operation(summary = "A user's charging log as PDF: sessions, totals per month, energy per day")
    public void userPdf(@PathVariable String username, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        pdf(PresetController.AppUsers.byName(users, username), from, to, response);
    }

    /** The caller, if its credential may read sessions. */
    private static AppUser reader(AppPrincipal me) {
        AppUser user = PresetController.AppUsers.caller(me);
        me.require(Scope.SESSIONS_READ);
        return user;
    }

    private void csv(AppUser user, String from, String to, HttpServletResponse response) throws IOException {
        Instant start = bound(from, "from", false);
        Instant end = bound(to, "to", true);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"charging-sessions-" + fileName(user) + ".csv\"");
        csv.write(response.getWriter(), each -> sessions.forEachOfTags(user.idTags(), start, end, each));
    }

    private void pdf(AppUser user, String from, String to, HttpServletResponse response) throws IOException {
        Instant start = bound(from, "from", false);
        Instant end = bound(to, "to", true);
        var list = new ArrayList<ChargingSession>();
        sessions.forEachOfTags(user.idTags(), start, end, s -> {
            if (list.size() == PDF_MAX_SESSIONS)
                throw new IllegalArgumentException("more than " + PDF_MAX_SESSIONS + " sessions in this period; choose a shorter one");
            list.add(s);
        });
        response.setContentType("application/pdf");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"charging-log-" + fileName(user) + ".pdf\"");
        SessionPdf.write(response.getOutputStream(), user.username(), new SessionPdf.Period(day(from), day(to)), List.copyOf(list), Instant.now());
    }

    /** A day (its start; for {@code to} the next day's start, so the day is included) or an instant. */
    static Instant bound(String value, String name, boolean end) {
        if (value == null || value.isBlank()) return null;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a day (2026-11-01) or an instant (2026-11-01T00:00:00Z), not " + value);
        }
    }

    private static LocalDate day(String value) {
        return value == null || value.isBlank() ? null : LocalDate.ofInstant(bound(value, "day", false), ZoneOffset.UTC);
    }

    private static String fileName(AppUser user) {
        return user.username().replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
