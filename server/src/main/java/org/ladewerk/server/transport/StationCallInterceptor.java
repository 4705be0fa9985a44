package org.ladewerk.server.transport;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wraps the built-in handling of every schema-valid station-initiated call, whatever the transport:
 * integrations (webhooks) see or decide the answer here.
 */
public interface StationCallInterceptor {

    CompletableFuture<ObjectNode> intercept(StationSession session, String uniqueId, String action, ObjectNode payload,
                                            Supplier<CompletableFuture<ObjectNode>> builtIn);
}
