package org.ladewerk.server.user;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ladewerk.server.user.AppUser.ChargePointRef;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users, their id tags and allowed charge points, in explicit SQL. Not on the OCPP hot path:
 * user administration and log-in read and write the database directly.
 */
@Service
public class Users {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public Users(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A user to create: the password already hashed by the caller's PasswordEncoder. */
    public record NewUser(String username, String passwordHash, Role role, List<String> idTags, List<ChargePointRef> chargePoints) {}

    /** Creates the user with its tags and charge points in one transaction. A tag owned by someone else fails it. */
    public AppUser create(NewUser user) {
        return tx.execute(s -> {
            Instant now = Instant.now();
            jdbc.sql("INSERT INTO app_user (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(user.username(), user.passwordHash(), user.role().name(), ts(now), ts(now)).update();
            long id = jdbc.sql("SELECT id FROM app_user WHERE username = ?").param(user.username()).query(Long.class).single();
            replaceTagsAndChargePoints(id, user.idTags(), user.chargePoints());
            return byId(id).orElseThrow();
        });
    }

    /** Replaces the user's tags and charge points (within the caller's transaction, if any). */
    public void replaceTagsAndChargePoints(long userId, List<String> idTags, List<ChargePointRef> chargePoints) {
        jdbc.sql("DELETE FROM app_user_tag WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM app_user_charge_point WHERE user_id = ?").param(userId).update();
        for (String tag : idTags)
            jdbc.sql("INSERT INTO app_user_tag (id_tag, user_id) VALUES (?, ?)").params(tag, userId).update();
        for (ChargePointRef cp : chargePoints.stream().distinct().toList())
            jdbc.sql("INSERT INTO app_user_charge_point (user_id, station_id, evse_id) VALUES (?, ?, ?)")
                    .params(userId, cp.stationId(), cp.evseId()).update();
    }

    /** Changes role, password (when {@code passwordHash} is not null), tags and charge points in one transaction; false for an unknown id. */
    public boolean update(long id, Role role, String passwordHash, List<String> idTags, List<ChargePointRef> chargePoints) {
        Boolean found = tx.execute(s -> {
            int n = jdbc.sql("UPDATE app_user SET role = ?, password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?")
                    .params(role.name(), passwordHash, ts(Instant.now()), id).update();
            if (n == 0) return false;
            replaceTagsAndChargePoints(id, idTags, chargePoints);
            return true;
        });
        return Boolean.TRUE.equals(found);
    }

    /** Deletes the user with its tags, charge points and tokens; false for an unknown id. */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM app_user WHERE id = ?").param(id).update() > 0;
    }

    public List<AppUser> list() {
        return jdbc.sql("SELECT * FROM app_user ORDER BY username").query(this::row).list().stream().map(this::complete).toList();
    }

    public Optional<AppUser> byId(long id) {
        return jdbc.sql("SELECT * FROM app_user WHERE id = ?").param(id).query(this::row).optional().map(this::complete);
    }

    public Optional<AppUser> byUsername(String username) {
        return jdbc.sql("SELECT * FROM app_user WHERE username = ?").param(username).query(this::row).optional().map(this::complete);
    }

    /** The user owning the id tag, if any. */
    public Optional<AppUser> ownerOfTag(String idTag) {
        return jdbc.sql("SELECT u.* FROM app_user u JOIN app_user_tag t ON t.user_id = u.id WHERE t.id_tag = ?")
                .param(idTag).query(this::row).optional().map(this::complete);
    }

    /** The password hash to check a log-in against; empty for an unknown user. */
    public Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM app_user WHERE username = ?").param(username).query(String.class).optional();
    }

    private AppUser row(ResultSet rs, int n) throws SQLException {
        return new AppUser(rs.getLong("id"), rs.getString("username"), Role.parse(rs.getString("role")), List.of(), List.of(),
                instant(rs, "created_at"));
    }

    private AppUser complete(AppUser u) {
        List<String> tags = jdbc.sql("SELECT id_tag FROM app_user_tag WHERE user_id = ? ORDER BY id_tag").param(u.id())
                .query(String.class).list();
        List<ChargePointRef> cps = jdbc.sql("SELECT station_id, evse_id FROM app_user_charge_point WHERE user_id = ? ORDER BY station_id, evse_id")
                .param(u.id()).query((rs, n) -> new ChargePointRef(rs.getString(1), rs.getInt(2))).list();
        return new AppUser(u.id(), u.username(), u.role(), tags, cps, u.createdAt());
    }
}
