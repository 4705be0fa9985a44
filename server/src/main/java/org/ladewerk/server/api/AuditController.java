package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ladewerk.server.audit.AuditLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log of control actions, for admins (see SecurityConfig). */
@RestController
@Tag(name = "Users")
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Control actions (charging start/stop, preset, user and token changes), newest first")
    public List<AuditLog.Entry> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                                     @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset) {
        return audit.list(actor, action, Paging.limit(limit), Paging.offset(offset));
    }
}
