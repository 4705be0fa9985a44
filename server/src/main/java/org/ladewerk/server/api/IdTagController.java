package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTag;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.authorization.IdTagService.IdTagChange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/id-tags")
@Tag(name = "Id tags")
public class IdTagController {

    private final IdTagService idTags;

    public IdTagController(IdTagService idTags) {
        this.idTags = idTags;
    }

    public record NewIdTag(String idTag, String parentIdTag, AuthorizationStatus status, Instant expiryDate,
                           Integer maxActiveTransactions, String note) {}

    @GetMapping
    public List<IdTag> list(@RequestParam(required = false) String q, @RequestParam(required = false) AuthorizationStatus status) {
        return idTags.list(q, status);
    }

    @GetMapping("/{idTag}")
    public IdTag get(@PathVariable String idTag) {
        return idTags.find(idTag).orElseThrow(() -> ApiError.notFound("unknown id tag " + idTag));
    }

    @PostMapping
    @Operation(summary = "Create an id tag (409 if it exists)")
    public CompletableFuture<ResponseEntity<IdTag>> create(@RequestBody NewIdTag t) {
        if (t.idTag() == null) throw ApiError.badRequest("idTag is required");
        IdTagChange change = check(t.idTag(), new IdTagChange(t.parentIdTag(), t.status(), t.expiryDate(), t.maxActiveTransactions(), t.note()));
        if (idTags.find(t.idTag()).isPresent())
            return CompletableFuture.completedFuture(ResponseEntity.status(HttpStatus.CONFLICT).build());
        return idTags.save(t.idTag(), change, false).thenApply(saved -> ResponseEntity.status(HttpStatus.CREATED).body(saved.orElseThrow()));
    }

    @PutMapping("/{idTag}")
    @Operation(summary = "Create or replace an id tag (status Accepted, Blocked, Expired or Invalid)")
    public CompletableFuture<ResponseEntity<IdTag>> put(@PathVariable String idTag, @RequestBody IdTagChange change) {
        check(idTag, change);
        boolean existed = idTags.find(idTag).isPresent();
        return idTags.save(idTag, change, false)
                .thenApply(saved -> ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(saved.orElseThrow()));
    }

    @PostMapping("/{idTag}/block")
    public CompletableFuture<IdTag> block(@PathVariable String idTag) {
        return setStatus(idTag, AuthorizationStatus.Blocked);
    }

    @PostMapping("/{idTag}/unblock")
    public CompletableFuture<IdTag> unblock(@PathVariable String idTag) {
        return setStatus(idTag, AuthorizationStatus.Accepted);
    }

    @DeleteMapping("/{idTag}")
    public CompletableFuture<ResponseEntity<Void>> delete(@PathVariable String idTag) {
        return idTags.delete(idTag).thenApply(deleted -> deleted ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build());
    }

    private CompletableFuture<IdTag> setStatus(String idTag, AuthorizationStatus status) {
        IdTag t = get(idTag);
        return idTags.save(idTag, new IdTagChange(t.parentIdTag(), status, t.expiryDate(), t.maxActiveTransactions(), t.note()), true)
                .thenApply(saved -> saved.orElseThrow(() -> ApiError.notFound("unknown id tag " + idTag)));
    }

    private static IdTagChange check(String idTag, IdTagChange c) {
        if (idTag.isBlank() || idTag.length() > 20) throw ApiError.badRequest("idTag must be 1 to 20 characters (OCPP 1.6 IdToken)");
        if (c.parentIdTag() != null && c.parentIdTag().length() > 20) throw ApiError.badRequest("parentIdTag must be at most 20 characters");
        if (c.status() == AuthorizationStatus.ConcurrentTx) throw ApiError.badRequest("ConcurrentTx is an answer, not a tag status");
        if (c.maxActiveTransactions() != null && c.maxActiveTransactions() < 1) throw ApiError.badRequest("maxActiveTransactions must be at least 1");
        return c;
    }
}
