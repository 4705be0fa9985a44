package org.ladewerk.server.audit;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who started or stopped charging, changed a preset or a user, issued or revoked a token. Control
 * actions are rare next to station traffic, so each is written at once, in its own statement, before
 * the caller answers: an action whose record failed is reported as failed rather than left unrecorded.
 */
@Service
public class AuditLog {

    /** One recorded action; {@code target} names what it acted on (a user, a token id, station/evse). */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {}

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, String action, String target, String detail) {
        jdbc.sql("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
                .params(ts(Instant.now()), cut(actor, 128), cut(action, 64), cut(target, 255), cut(detail, 2000)).update();
    }

    /** Newest first; actor and action filter when given. */
    public List<Entry> list(String actor, String action, int limit, int offset) {
        var sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (actor != null) { sql.append(" AND actor = ?"); args.add(actor); }
        if (action != null) { sql.append(" AND action = ?"); args.add(action); }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return jdbc.sql(sql.toString()).params(args).query((rs, n) -> new Entry(rs.getLong("id"), instant(rs, "at"),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"))).list();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
