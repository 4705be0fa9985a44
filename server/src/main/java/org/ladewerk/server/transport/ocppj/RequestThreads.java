package org.ladewerk.server.transport.ocppj;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Chooses the thread each HTTP request runs on before Jetty would hand it to a virtual thread:
 * WebSocket upgrades (the OCPP-J stations) go to a virtual thread, every other request (REST API,
 * web UI, OCPP SOAP) to Jetty's platform pool. Virtual threads are run first come, first served, so
 * a REST request among them waits behind every station frame queued; a platform thread gets its
 * share of the CPU from the operating system at once (see {@link JettyThreads}). This handler only
 * hands the request on, so Jetty may call it on the thread that read the request.
 */
final class RequestThreads extends Handler.Wrapper {

    private final Executor platform;
    private final Executor upgrades;

    /** @param pool Jetty's platform pool, configured with virtual threads for its blocking work (see {@link JettyThreads}) */
    RequestThreads(Handler next, Executor pool) {
        super(next);
        this.platform = pool;
        this.upgrades = Objects.requireNonNull(VirtualThreads.getVirtualThreadsExecutor(pool), "Jetty's pool has no virtual threads");
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean upgrade = request.getHeaders().contains(HttpHeader.UPGRADE, "websocket");
        try {
            (upgrade ? upgrades : platform).execute(() -> {
                try {
                    if (!super.handle(request, response, callback)) Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                } catch (Throwable e) {
                    Response.writeError(request, response, callback, e);
                }
            });
        } catch (RejectedExecutionException e) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "server stopping");
        }
        return true;
    }
}
