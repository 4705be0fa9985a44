package org.ladewerk.server.transport.ocppj;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Chooses the thread each HTTP request runs on before Jetty would hand it to a virtual thread:
 * WebSocket upgrades (the OCPP-J stations) go to a virtual thread, every other request (REST API,
 * web UI, OCPP SOAP) to Jetty's platform pool. Virtual threads are run first come, first served, so
 * a REST request among them waits behind every station frame queued; a platform thread gets its
 * share of the CPU from the operating system at once (see {@link JettyThreads}). This handler only
 * hands the request on, so Jetty may call it on the thread that read the request.
 */
final class RequestThreads extends Handler.Wrapper {

    private final Executor upgrades = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ocpp-upgrade-", 0).factory());
    private final Executor platform;

    RequestThreads(Handler next, Executor platform) {
        super(next);
        this.platform = platform;
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
