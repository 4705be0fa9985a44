package org.ladewerk.server.devicemodel;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which parts of each OCPP 2.x device-model report (NotifyReport, numbered by {@code seqNo}, the last
 * one with {@code tbc} false) have arrived. A report with a gap in its parts, or whose last part never
 * came, is incomplete: the variables it did bring are stored, but it is not the station's whole
 * device model, and the API says so instead of letting it pass for one.
 */
@Service
public class DeviceReports {

    /** One report request as received: {@code lastSeqNo} is the part with tbc false (null until it arrives). */
    public record DeviceReport(int requestId, Instant generatedAt, int parts, Integer lastSeqNo, List<Integer> missingSeqNos,
                               boolean complete, Instant updatedAt) {}

    private record Part(int requestId, int seqNo, boolean tbc, Instant generatedAt, Instant receivedAt) {}

    private final JdbcClient jdbc;

    public DeviceReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a part; a retried part (same seqNo) is recorded once. */
    public void part(Tx tx, String stationId, int requestId, int seqNo, boolean tbc, Instant generatedAt) {
        boolean known = tx.jdbc().sql("SELECT COUNT(*) FROM device_report_part WHERE station_id = ? AND request_id = ? AND seq_no = ?")
                .params(stationId, requestId, seqNo).query(Integer.class).single() > 0;
        if (!known)
            tx.jdbc().sql("INSERT INTO device_report_part (station_id, request_id, seq_no, tbc, generated_at, received_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(stationId, requestId, seqNo, tbc, ts(generatedAt), ts(Instant.now())).update();
    }

    /** The station's reports, newest request first, each with what is missing. */
    public List<DeviceReport> reports(String stationId) {
        Map<Integer, List<Part>> byRequest = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM device_report_part WHERE station_id = ? ORDER BY received_at DESC, request_id, seq_no").param(stationId)
                .query((rs, n) -> new Part(rs.getInt("request_id"), rs.getInt("seq_no"), rs.getBoolean("tbc"),
                        instant(rs, "generated_at"), instant(rs, "received_at")))
                .list().forEach(p -> byRequest.computeIfAbsent(p.requestId(), k -> new ArrayList<>()).add(p));
        var reports = new ArrayList<DeviceReport>();
        byRequest.forEach((requestId, parts) -> reports.add(report(requestId, parts)));
        return reports;
    }

    private static DeviceReport report(int requestId, List<Part> parts) {
        var seqNos = new TreeSet<Integer>();
        Integer last = null;
        Instant generated = null;
        Instant updated = null;
        for (Part p : parts) {
            seqNos.add(p.seqNo());
            if (!p.tbc()) last = last == null ? p.seqNo() : Math.min(last, p.seqNo());
            if (p.seqNo() == 0 || generated == null) generated = p.generatedAt();
            if (updated == null || p.receivedAt().isAfter(updated)) updated = p.receivedAt();
        }
        int upTo = last != null ? last : seqNos.last();
        var missing = new ArrayList<Integer>();
        for (int s = 0; s <= upTo; s++) if (!seqNos.contains(s)) missing.add(s);
        return new DeviceReport(requestId, generated, seqNos.size(), last, missing, last != null && missing.isEmpty(), updated);
    }
}
