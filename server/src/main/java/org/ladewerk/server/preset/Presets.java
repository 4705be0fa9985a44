package org.ladewerk.server.preset;

import static org.ladewerk.server.store.Sql.bigint;
import static org.ladewerk.server.store.Sql.integer;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.user.AppUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The presets of each user, in explicit SQL. A user's set is replaced as a whole (what the app shows is
 * what it saves), and checked before anything is written: a bad preset fails the request and changes nothing.
 * In the table the user's own preset has id tag '' (a primary key column cannot be null).
 */
@Service
public class Presets {

    /** A preset found for a tag at transaction start, with the user it belongs to. */
    public record Found(Preset preset, long userId, String username) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public Presets(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The user's presets: its own first (no idTag), then per tag. */
    public List<Preset> of(long userId) {
        return jdbc.sql("SELECT * FROM charging_preset WHERE user_id = ? ORDER BY id_tag").param(userId).query(Presets::row).list();
    }

    /** Replaces the user's presets; {@link IllegalArgumentException} says what is wrong and nothing is changed. */
    public List<Preset> replace(AppUser user, List<Preset> presets) {
        var seen = new HashSet<String>();
        for (Preset p : presets) {
            if (p == null) throw new IllegalArgumentException("a preset must be an object, not null");
            String where = p.idTag() == null ? "the user's preset" : "the preset of tag " + p.idTag();
            List<String> problems = p.problems();
            if (!problems.isEmpty()) throw new IllegalArgumentException(where + ": " + String.join("; ", problems));
            if (p.idTag() != null && !user.idTags().contains(p.idTag()))
                throw new IllegalArgumentException(where + ": the tag is not one of " + user.username() + "'s tags");
            if (!seen.add(key(p))) throw new IllegalArgumentException(where + " is given twice");
        }
        Instant now = Instant.now();
        tx.executeWithoutResult(s -> {
            jdbc.sql("DELETE FROM charging_preset WHERE user_id = ?").param(user.id()).update();
            for (Preset p : presets)
                jdbc.sql("""
                        INSERT INTO charging_preset (user_id, id_tag, mode, max_current_a, phases, target_energy_wh, target_soc_percent,
                          departure_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(user.id(), key(p), p.mode(), p.maxCurrentA(), p.phases(), p.targetEnergyWh(), p.targetSocPercent(),
                                p.departureTime(), ts(now)).update();
        });
        return of(user.id());
    }

    /**
     * The preset for a transaction started with {@code idTag}: the tag's own, else its user's (inside
     * the store unit of the start, so it costs one indexed query per start and nothing per meter value).
     */
    public Optional<Found> forTag(Tx tx, String idTag) {
        if (idTag == null) return Optional.empty();
        return tx.jdbc().sql("""
                SELECT p.*, u.username FROM app_user_tag t JOIN app_user u ON u.id = t.user_id
                JOIN charging_preset p ON p.user_id = t.user_id AND (p.id_tag = t.id_tag OR p.id_tag = '')
                WHERE t.id_tag = ? ORDER BY CASE WHEN p.id_tag = '' THEN 1 ELSE 0 END""")
                .param(idTag).query((rs, n) -> new Found(row(rs, n), rs.getLong("user_id"), rs.getString("username")))
                .list().stream().findFirst();
    }

    private static String key(Preset p) {
        return p.idTag() == null ? "" : p.idTag();
    }

    private static Preset row(ResultSet rs, int n) throws SQLException {
        String tag = rs.getString("id_tag");
        double max = rs.getDouble("max_current_a");
        Double maxCurrent = rs.wasNull() ? null : max;
        Long energyWh = bigint(rs, "target_energy_wh");
        return new Preset(tag.isEmpty() ? null : tag, rs.getString("mode"), maxCurrent, integer(rs, "phases"),
                energyWh == null ? null : energyWh / 1000.0, integer(rs, "target_soc_percent"), rs.getString("departure_time"));
    }
}
