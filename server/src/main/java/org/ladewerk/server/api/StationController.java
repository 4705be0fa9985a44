package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.configuration.ConfigurationService;
import org.ladewerk.server.devicemodel.DeviceModelService;
import org.ladewerk.server.devicemodel.DeviceReports;
import org.ladewerk.server.report.StationReportService;
import org.ladewerk.server.configuration.ConfigurationService.ConfigurationKey;
import org.ladewerk.server.configuration.ConfigurationService.LocalListEntry;
import org.ladewerk.server.maintenance.MaintenanceService;
import org.ladewerk.server.station.ExternalStations;
import org.ladewerk.server.station.RegistrationStatus;
import org.ladewerk.server.station.Station;
import org.ladewerk.server.station.StationRemoval;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.station.StationService.StationChange;
import org.ladewerk.server.station.StationService.StationFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/stations")
@Tag(name = "Stations")
public class StationController {

    /** Response header of the station list: how many stations match, over all pages. */
    static final String TOTAL_COUNT = "X-Total-Count";

    private final StationService stations;
    private final ConfigurationService configuration;
    private final MaintenanceService maintenance;
    private final CommandService commands;
    private final DeviceModelService deviceModel;
    private final DeviceReports deviceReports;
    private final StationReportService reports;
    private final StationRemoval removal;
    private final ExternalStations external;

    public StationController(StationService stations, ConfigurationService configuration, MaintenanceService maintenance,
                             CommandService commands, DeviceModelService deviceModel, StationReportService reports,
                             StationRemoval removal, DeviceReports deviceReports, ExternalStations external) {
        this.stations = stations;
        this.external = external;
        this.removal = removal;
        this.deviceReports = deviceReports;
        this.configuration = configuration;
        this.maintenance = maintenance;
        this.commands = commands;
        this.deviceModel = deviceModel;
        this.reports = reports;
    }

    @GetMapping
    @Operation(summary = "Stations with live connection and connector status, ordered by id; q searches id, vendor and model. "
            + "Paged with limit (1 to 1000; without it, the first 1000) and offset; the X-Total-Count header says how many match. "
            + "openWB charge points seen over MQTT follow the OCPP stations (source openwb, read-only, live values in external)")
    public ResponseEntity<List<Station>> list(@RequestParam(required = false) String q, @RequestParam(required = false) Boolean online,
                                              @RequestParam(required = false) RegistrationStatus registrationStatus,
                                              @RequestParam(required = false) String account, @RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) Integer offset) {
        var filter = new StationFilter(q, online, registrationStatus, account);
        // without a limit the largest page, so a fleet of up to 1000 stations gets all of them as before
        int size = limit == null ? Paging.MAX : Paging.limit(limit);
        int from = Paging.offset(offset);
        var page = stations.list(filter, size, from);
        List<Station> watched = external.list(filter);
        var body = new java.util.ArrayList<>(page.stations());
        // the external ones take the positions after the last OCPP station
        for (int i = 0; i < watched.size(); i++) {
            int position = page.total() + i;
            if (position >= from && position < from + size) body.add(watched.get(i));
        }
        return ResponseEntity.ok().header(TOTAL_COUNT, Integer.toString(page.total() + watched.size())).body(body);
    }

    @GetMapping("/{id}")
    public Station get(@PathVariable String id) {
        return stations.find(id).or(() -> external.find(id)).orElseThrow(() -> ApiError.notFound("unknown station " + id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Register or change a station: registration status, password (security profile 1), account")
    public CompletableFuture<ResponseEntity<Station>> put(@PathVariable String id, @RequestBody StationChange change) {
        if (id.isBlank() || id.length() > 255) throw ApiError.badRequest("station id must be 1 to 255 characters");
        if (change.password() != null && (change.password().length() < 16 || change.password().length() > 40))
            throw ApiError.badRequest("password must be 16 to 40 characters (OCPP security profile 1)");
        boolean existed = stations.exists(id);
        return stations.upsert(id, change).thenApply(s -> ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(s));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a station with its whole history (transactions, meter samples, reservations, logs);"
            + " a connected station is refused with 409 unless force=true, which disconnects it first")
    public CompletableFuture<ResponseEntity<Void>> delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean force) {
        return removal.delete(id, force).thenApply(outcome -> switch (outcome) {
            case DELETED -> ResponseEntity.noContent().<Void>build();
            case NOT_FOUND -> throw ApiError.notFound("unknown station " + id);
            case CONNECTED -> throw ApiError.conflict("station " + id + " is connected; disconnect it first or delete with force=true");
        });
    }

    public record Removed(int deleted, List<String> ids) {}

    @DeleteMapping
    @Operation(summary = "Delete, with their history, all stations that are not connected and were never booted (neverBooted=true)"
            + " and/or not seen since an instant (notSeenSince=2026-01-01T00:00:00Z); at least one criterion is required")
    public CompletableFuture<Removed> deleteMatching(@RequestParam(defaultValue = "false") boolean neverBooted,
                                                     @RequestParam(required = false) Instant notSeenSince) {
        var criteria = new StationRemoval.Criteria(neverBooted, notSeenSince);
        if (!criteria.any()) throw ApiError.badRequest("give neverBooted=true and/or notSeenSince=<ISO-8601 instant>; all stations are never deleted at once");
        return removal.deleteMatching(criteria).thenApply(ids -> new Removed(ids.size(), ids));
    }

    @GetMapping("/{id}/configuration")
    @Operation(summary = "Configuration keys as last read (GetConfiguration) or written (ChangeConfiguration)")
    public List<ConfigurationKey> configuration(@PathVariable String id) {
        get(id);
        return configuration.keys(id);
    }

    @GetMapping("/{id}/local-list")
    @Operation(summary = "The local authorization list last sent with SendLocalList")
    public List<LocalListEntry> localList(@PathVariable String id) {
        get(id);
        return configuration.localList(id);
    }

    @GetMapping("/{id}/maintenance")
    @Operation(summary = "Firmware and diagnostics status notifications, newest first")
    public List<MaintenanceService.StatusReport> maintenance(@PathVariable String id) {
        get(id);
        return maintenance.history(id);
    }

    @GetMapping("/{id}/commands")
    @Operation(summary = "Central-system-initiated calls sent to the station and how each ended, newest first")
    public List<CommandService.LoggedCommand> commands(@PathVariable String id, @RequestParam(required = false) Integer limit) {
        get(id);
        return commands.history(id, Paging.limit(limit));
    }

    @GetMapping("/{id}/variables")
    @Operation(summary = "OCPP 2.x device model: variables from NotifyReport, GetVariables and SetVariables")
    public List<DeviceModelService.Variable> variables(@PathVariable String id) {
        get(id);
        return deviceModel.variables(id);
    }

    @GetMapping("/{id}/device-reports")
    @Operation(summary = "OCPP 2.x device-model reports (NotifyReport parts by requestId): complete, or which seqNo parts are missing")
    public List<DeviceReports.DeviceReport> deviceReports(@PathVariable String id) {
        get(id);
        return deviceReports.reports(id);
    }

    @GetMapping("/{id}/monitors")
    @Operation(summary = "OCPP 2.x variable monitors installed on the station")
    public List<DeviceModelService.Monitor> monitors(@PathVariable String id) {
        get(id);
        return deviceModel.monitors(id);
    }

    @GetMapping("/{id}/reports")
    @Operation(summary = "Other station reports kept verbatim (NotifyEvent, SecurityEventNotification, ...), newest first")
    public List<StationReportService.StationReport> reports(@PathVariable String id, @RequestParam(required = false) String action,
                                                            @RequestParam(required = false) Integer limit) {
        get(id);
        return reports.list(id, action, Paging.limit(limit));
    }
}
