package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.messagelog.MessageLog;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;
import org.ladewerk.server.station.Station;
import org.ladewerk.server.station.StationService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What an operator's console for one station needs beside the station itself: its message log and the calls it takes. */
@RestController
@RequestMapping("/api/v1/stations/{id}")
@Tag(name = "Stations")
public class StationConsoleController {

    private final StationService stations;
    private final MessageLog messageLog;

    public StationConsoleController(StationService stations, MessageLog messageLog) {
        this.stations = stations;
        this.messageLog = messageLog;
    }

    @GetMapping("/messages")
    @Operation(summary = "OCPP frames in and out, newest first (kept for ladewerk.message-log.retention); beforeId pages back")
    public List<LoggedFrame> messages(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) Long beforeId) {
        station(id);
        return messageLog.recent(id, Paging.limit(limit), beforeId);
    }

    @GetMapping("/actions")
    @Operation(summary = "Central-system-initiated actions of the station's OCPP version, for POST /api/v1/ChargePoint/{id}/{action}")
    public List<String> actions(@PathVariable String id) {
        // SOAP stations (1.5 and 1.6) and stations never connected take OCPP 1.6 JSON payloads
        OcppVersion version = OcppVersion.fromSubprotocol(station(id).ocppVersion()).orElse(OcppVersion.V1_6);
        return Actions.csmsInitiated(version).stream().sorted().toList();
    }

    private Station station(String id) {
        return stations.find(id).orElseThrow(() -> ApiError.notFound("unknown station " + id));
    }
}
