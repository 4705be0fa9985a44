package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.regex.Pattern;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.audit.AuditLog;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.authorization.IdTagService.IdTagChange;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.AppUser.ChargePointRef;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Users;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * User administration (admins only, see SecurityConfig): users with a role, their id tags and the
 * charge points they may use. Passwords are stored bcrypt-hashed and never returned. A user's tag
 * unknown to the central system is registered as Accepted, so a new driver can charge at once.
 * Every change is in the audit log.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
public class UserController {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int MIN_PASSWORD = 8;

    private final Users users;
    private final PasswordEncoder encoder;
    private final IdTagService idTags;
    private final AuditLog audit;
    private final String adminUser;

    public UserController(Users users, PasswordEncoder encoder, IdTagService idTags, AuditLog audit, LadewerkProperties properties) {
        this.users = users;
        this.encoder = encoder;
        this.idTags = idTags;
        this.audit = audit;
        this.adminUser = properties.api().adminUser();
    }

    /** password: required on POST, optional on PUT (kept when absent); username is fixed once created. */
    public record UserRequest(String username, String password, String role, List<String> idTags, List<ChargePointRef> chargePoints) {}

    @GetMapping
    public List<AppUser> list() {
        return users.list();
    }

    @GetMapping("/{id}")
    public AppUser get(@PathVariable long id) {
        return users.byId(id).orElseThrow(() -> ApiError.notFound("unknown user " + id));
    }

    @PostMapping
    @Operation(summary = "Create a user: {username, password, role (admin|operator|driver), idTags, chargePoints [{stationId, evseId}]}",
            description = "evseId 0 allows every EVSE of the station. 409 for a taken username or a tag owned by another user.")
    public ResponseEntity<AppUser> create(@RequestBody UserRequest r, Principal actor) {
        if (r.username() == null || !USERNAME.matcher(r.username()).matches())
            throw ApiError.badRequest("username must be 1 to 64 letters, digits or . _ @ -");
        if (r.username().equals(adminUser) || users.byUsername(r.username()).isPresent())
            throw ApiError.conflict("username " + r.username() + " is taken");
        String hash = encoder.encode(checkPassword(r.password(), r.username()));
        Role role = Role.parse(r.role());
        List<String> tags = tags(r.idTags(), -1);
        List<ChargePointRef> chargePoints = chargePoints(r.chargePoints());
        AppUser created = saved(() -> users.create(new Users.NewUser(r.username(), hash, role, tags, chargePoints)));
        registerTags(tags, created.username());
        audit.record(actor.getName(), "user.create", created.username(), describe(created));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a user's role, password (optional), idTags and chargePoints")
    public AppUser update(@PathVariable long id, @RequestBody UserRequest r, Principal actor) {
        AppUser user = get(id);
        if (r.username() != null && !r.username().equals(user.username())) throw ApiError.badRequest("a username cannot be changed");
        String hash = r.password() == null ? null : encoder.encode(checkPassword(r.password(), user.username()));
        Role role = Role.parse(r.role());
        List<String> tags = tags(r.idTags(), id);
        List<ChargePointRef> chargePoints = chargePoints(r.chargePoints());
        saved(() -> users.update(id, role, hash, tags, chargePoints));
        registerTags(tags, user.username());
        AppUser updated = get(id);
        audit.record(actor.getName(), "user.update", updated.username(), describe(updated) + (hash == null ? "" : ", password changed"));
        return updated;
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a user with its tokens (its id tags stay known to the central system)")
    public ResponseEntity<Void> delete(@PathVariable long id, Principal actor) {
        AppUser user = get(id);
        users.delete(id);
        audit.record(actor.getName(), "user.delete", user.username(), null);
        return ResponseEntity.noContent().build();
    }

    private static String checkPassword(String password, String username) {
        if (password == null || password.isBlank()) throw ApiError.badRequest("password is required");
        if (password.length() < MIN_PASSWORD) throw ApiError.badRequest("password must have at least " + MIN_PASSWORD + " characters");
        if (password.equalsIgnoreCase(username) || password.chars().distinct().count() < 4)
            throw ApiError.badRequest("password is too weak: not the username, at least 4 different characters");
        return password;
    }

    /** The tags, checked: at most 20 characters (OCPP 1.6 idTag) and owned by no other user than {@code self}. */
    private List<String> tags(List<String> tags, long self) {
        if (tags == null) return List.of();
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > 20) throw ApiError.badRequest("an id tag must have 1 to 20 characters: " + tag);
            users.ownerOfTag(tag).filter(owner -> owner.id() != self)
                    .ifPresent(owner -> { throw ApiError.conflict("id tag " + tag + " belongs to another user"); });
        }
        return tags.stream().distinct().toList();
    }

    private static List<ChargePointRef> chargePoints(List<ChargePointRef> refs) {
        if (refs == null) return List.of();
        for (ChargePointRef ref : refs)
            if (ref == null || ref.stationId() == null || ref.stationId().isBlank() || ref.evseId() < 0)
                throw ApiError.badRequest("a charge point needs a stationId and an evseId of 0 (all) or more");
        return refs;
    }

    private static <T> T saved(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (DataIntegrityViolationException e) { // a concurrent change took the name or a tag first
            throw ApiError.conflict("username or id tag already taken");
        }
    }

    private void registerTags(List<String> tags, String username) {
        for (String tag : tags)
            if (idTags.find(tag).isEmpty())
                idTags.save(tag, new IdTagChange(null, AuthorizationStatus.Accepted, null, null, "user " + username), false).join();
    }

    private static String describe(AppUser u) {
        return "role=" + u.role() + ", idTags=" + u.idTags() + ", chargePoints="
                + u.chargePoints().stream().map(c -> c.stationId() + "/" + c.evseId()).toList();
    }
}
