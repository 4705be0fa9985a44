package org.ladewerk.server.authorization;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.LadewerkProperties.UnknownIdTags;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Id tags and the authorization decision made for them. */
@Service
public class IdTagService {

    private static final String SELECT = """
            SELECT t.*, (SELECT COUNT(*) FROM charging_transaction c WHERE c.id_tag = t.id_tag AND c.stop_at IS NULL) AS active
            FROM id_tag t""";

    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final UnknownIdTags unknownIdTags;

    public IdTagService(GroupCommitter store, JdbcClient jdbc, LadewerkProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.unknownIdTags = properties.authorization().unknownIdTags();
    }

    /**
     * Authorize request from a station: whether the tag is valid (status, expiry, parent). Never
     * ConcurrentTx: OCPP reserves that answer for StartTransaction and TransactionEvent(Started), and
     * a station refused at Authorize cannot even stop its own transaction with the same card.
     */
    public CompletableFuture<Authorization> authorize(String idTag) {
        return store.submit(tx -> authorize(tx, idTag, false));
    }

    /**
     * The decision for {@code idTag}, inside a store unit. With {@code checkConcurrent}, a tag that
     * already has as many open transactions as it may have is answered ConcurrentTx.
     */
    public Authorization authorize(Tx tx, String idTag, boolean checkConcurrent) {
        Optional<IdTag> tag = find(tx.jdbc(), idTag);
        if (tag.isEmpty()) {
            if (unknownIdTags == UnknownIdTags.REJECT) return Authorization.invalid();
            Instant now = Instant.now();
            tx.jdbc().sql("INSERT INTO id_tag (id_tag, status, max_active_transactions, note, created_at, updated_at) VALUES (?, 'Accepted', 1, 'registered on first use', ?, ?)")
                    .params(idTag, ts(now), ts(now)).update();
            tag = find(tx.jdbc(), idTag);
        }
        IdTag t = tag.orElseThrow();
        AuthorizationStatus status = t.status();
        if (status == AuthorizationStatus.Accepted && t.expiryDate() != null && t.expiryDate().isBefore(Instant.now()))
            status = AuthorizationStatus.Expired;
        if (status == AuthorizationStatus.Accepted && checkConcurrent && t.activeTransactions() >= t.maxActiveTransactions())
            status = AuthorizationStatus.ConcurrentTx;
        return new Authorization(status, t.expiryDate(), t.parentIdTag());
    }

    // --- administration

    public record IdTagChange(String parentIdTag, AuthorizationStatus status, Instant expiryDate, Integer maxActiveTransactions, String note) {}

    public List<IdTag> list(String search, AuthorizationStatus status) {
        var sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (search != null && !search.isBlank()) {
            sql.append(" AND (LOWER(t.id_tag) LIKE ? OR LOWER(COALESCE(t.note, '')) LIKE ?)");
            args.add("%" + search.toLowerCase() + "%");
            args.add("%" + search.toLowerCase() + "%");
        }
        if (status != null) {
            sql.append(" AND t.status = ?");
            args.add(status.name());
        }
        return jdbc.sql(sql.append(" ORDER BY t.id_tag").toString()).params(args).query(IdTagService::idTag).list();
    }

    public Optional<IdTag> find(String idTag) {
        return find(jdbc, idTag);
    }

    private static Optional<IdTag> find(JdbcClient jdbc, String idTag) {
        return jdbc.sql(SELECT + " WHERE t.id_tag = ?").param(idTag).query(IdTagService::idTag).optional();
    }

    /** Creates or replaces; returns empty when {@code mustExist} and the tag is unknown. */
    public CompletableFuture<Optional<IdTag>> save(String idTag, IdTagChange c, boolean mustExist) {
        Instant now = Instant.now();
        return store.submit(tx -> {
            boolean exists = find(tx.jdbc(), idTag).isPresent();
            if (!exists && mustExist) return Optional.<IdTag>empty();
            var status = c.status() == null ? AuthorizationStatus.Accepted : c.status();
            int max = c.maxActiveTransactions() == null ? 1 : c.maxActiveTransactions();
            if (exists) {
                tx.jdbc().sql("UPDATE id_tag SET parent_id_tag = ?, status = ?, expiry_at = ?, max_active_transactions = ?, note = ?, updated_at = ? WHERE id_tag = ?")
                        .params(c.parentIdTag(), status.name(), ts(c.expiryDate()), max, c.note(), ts(now), idTag).update();
            } else {
                tx.jdbc().sql("INSERT INTO id_tag (id_tag, parent_id_tag, status, expiry_at, max_active_transactions, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(idTag, c.parentIdTag(), status.name(), ts(c.expiryDate()), max, c.note(), ts(now), ts(now)).update();
            }
            return find(tx.jdbc(), idTag);
        });
    }

    public CompletableFuture<Boolean> delete(String idTag) {
        return store.submit(tx -> tx.jdbc().sql("DELETE FROM id_tag WHERE id_tag = ?").param(idTag).update() > 0);
    }

    private static IdTag idTag(ResultSet rs, int n) throws SQLException {
        return new IdTag(rs.getString("id_tag"), rs.getString("parent_id_tag"), AuthorizationStatus.valueOf(rs.getString("status")),
                instant(rs, "expiry_at"), rs.getInt("max_active_transactions"), rs.getString("note"), rs.getInt("active"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
