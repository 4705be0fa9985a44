package org.ladewerk.simulator.soap;

import jakarta.jws.WebMethod;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.EndpointReferenceUtils;
import org.apache.cxf.ws.addressing.JAXWSAConstants;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.soap.Ocpp15;
import org.ladewerk.ocpp.soap.SoapJson;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.simulator.config.Configuration;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.link.CallErrorException;
import org.ladewerk.simulator.link.CallQueue;
import org.ladewerk.simulator.link.Delivery;
import org.ladewerk.simulator.link.OcppLink;
import org.ladewerk.simulator.link.OfflineException;
import org.ladewerk.simulator.link.Reply;
import org.ladewerk.simulator.link.StationLink;
import org.ladewerk.simulator.station.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A station's link to the central system over SOAP (OCPP 1.5 or 1.6), built with Apache CXF from
 * the official WSDLs. The station calls the CentralSystemService at its CentralSystemURL (an http(s)
 * URL), naming itself in the chargeBoxIdentity header and giving its own ChargePointService address
 * in WS-Addressing From, and hosts that ChargePointService on a local port: the central system's
 * calls reach the station's handler as the same OCPP 1.6 JSON calls as over OCPP-J, so a SOAP station
 * behaves exactly as a JSON one. OCPP 1.5 messages are rewritten to and from 1.6 by {@link Ocpp15}.
 *
 * <p>Settings (station configuration keys): {@value #VERSION_KEY} "1.5" or "1.6" (default 1.6);
 * {@value #ENDPOINT_KEY} the URL to host the ChargePointService at (default a free port on 127.0.0.1).
 *
 * <p>SOAP has no connection: the link is "open" while the station is on. A station call that cannot
 * reach the central system is kept (QUEUED) or fails (ONLINE) as over OCPP-J.
 */
public final class SoapLink implements StationLink {

    public static final String VERSION_KEY = "SoapOcppVersion";
    public static final String ENDPOINT_KEY = "SoapChargePointURL";

    private static final Logger log = LoggerFactory.getLogger(SoapLink.class);
    private static volatile Bus bus;

    private final String identity;
    private final Configuration config;
    private final Environment env;
    private final OcppLink.Handler handler;
    private final SoapVersion version;
    private final String address;
    private final CallQueue calls;

    // guarded by this
    private boolean open;
    private Server server;
    private Object centralSystem;
    private String centralSystemUrl;

    /** True when the station's central system URL is an http(s) URL: it speaks SOAP. */
    public static boolean wanted(Configuration config) {
        String url = config.get(Keys.CENTRAL_SYSTEM_URL, "");
        return url.startsWith("http://") || url.startsWith("https://");
    }

    public SoapLink(String identity, Configuration config, Environment env, OcppLink.Handler handler) {
        this.identity = identity;
        this.config = config;
        this.env = env;
        this.handler = handler;
        this.version = "1.5".equals(config.get(VERSION_KEY, "1.6").trim()) ? SoapVersion.V1_5 : SoapVersion.V1_6;
        this.address = config.get(ENDPOINT_KEY, "http://127.0.0.1:" + freePort() + "/ocpp/" + identity);
        this.calls = new CallQueue(identity);
    }

    public SoapVersion version() {
        return version;
    }

    /** Where this station's ChargePointService is hosted. */
    public String address() {
        return address;
    }

    @Override public String identity() { return identity; }
    @Override public synchronized boolean isOpen() { return open; }
    @Override public boolean isReady() { return calls.isReady(); }
    @Override public int backlog() { return calls.backlog(); }

    // --- lifecycle

    @Override
    public void start() {
        synchronized (this) {
            if (open) return;
            if (server == null) server = host();
            else server.start();
            open = true;
        }
        env.observer().connected();
        env.timers().execute(() -> {
            handler.connected();
            sendNext();
        });
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!open) return;
            open = false;
            if (server != null) server.stop();
        }
        calls.ready(false); // accepted again only after the next BootNotification
        env.observer().disconnected();
        handler.disconnected();
    }

    @Override
    public void restart(Duration offFor) {
        stop();
        env.timers().schedule(this::start, offFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A lost network: offline for the reconnect time, then back. */
    @Override
    public void drop() {
        restart(env.link().reconnectMin());
    }

    @Override
    public void ready(boolean accepted) {
        calls.ready(accepted);
        if (accepted) sendNext();
    }

    @Override
    public void abandon() {
        calls.abandon();
    }

    // --- station calls

    @Override
    public CompletableFuture<ObjectNode> call(String action, Supplier<?> payload, Delivery delivery, Consumer<ObjectNode> first) {
        var call = calls.offer(action, payload, delivery, first, isOpen());
        sendNext();
        return call.future;
    }

    private void sendNext() {
        CallQueue.Call next = calls.take(isOpen());
        if (next != null) Thread.ofVirtual().name("soap-" + identity).start(() -> send(next));
    }

    private void send(CallQueue.Call out) {
        ObjectNode answer = null;
        RuntimeException failure = null;
        boolean unreachable = false;
        long started = System.nanoTime();
        try {
            ObjectNode json = Json.mapper().valueToTree(out.payload.get());
            ObjectNode message = version == SoapVersion.V1_5 ? Ocpp15.fromV16(out.action, true, json) : json;
            if (message == null) {
                answer = Json.mapper().createObjectNode(); // nothing to say in 1.5 (a status 1.5 does not have)
            } else {
                var operation = version.centralSystemOperation(out.action).orElseThrow(
                        () -> new CallErrorException("NotSupported", out.action + " is not an operation of OCPP " + version.number()));
                env.observer().sent(out.action);
                Object response = invoke(operation, SoapJson.fromJson(message, operation.requestType()));
                ObjectNode result = SoapJson.toJson(response);
                answer = version == SoapVersion.V1_5 ? Ocpp15.toV16(out.action, false, result) : result;
                env.observer().answered(out.action, System.nanoTime() - started, false);
            }
        } catch (SOAPFaultException e) {
            var f = e.getFault();
            String code = f.getFaultSubcodes().hasNext() ? ((QName) f.getFaultSubcodes().next()).getLocalPart() : "GenericError";
            failure = new CallErrorException(code, f.getFaultString());
            env.observer().answered(out.action, System.nanoTime() - started, true);
        } catch (WebServiceException e) {
            unreachable = true;
            failure = new OfflineException(identity + ": " + out.action + " did not reach the central system: " + e.getMessage());
            env.observer().timedOut(out.action);
        } catch (RuntimeException e) {
            failure = e;
        }
        // a transaction message stays first in line until the central system has it
        CallQueue.Outcome outcome = calls.finish(out, failure != null,
                config.getInt(Keys.TRANSACTION_MESSAGE_ATTEMPTS, 3), unreachable);
        if (outcome == CallQueue.Outcome.RETRY) {
            Duration wait = unreachable ? env.link().reconnectMin()
                    : Duration.ofSeconds(config.getInt(Keys.TRANSACTION_MESSAGE_RETRY_INTERVAL, 10));
            log.debug("{}: {} failed ({}), again in {}", identity, out.action, failure.getMessage(), wait);
            env.timers().schedule(() -> {
                calls.release();
                sendNext();
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (failure != null) out.future.completeExceptionally(failure);
        else out.answered(identity, answer);
        sendNext();
    }

    private Object invoke(SoapVersion.Operation operation, Object request) {
        Object port = centralSystem();
        var maps = new AddressingProperties();
        maps.setFrom(EndpointReferenceUtils.getEndpointReference(address));
        ((BindingProvider) port).getRequestContext().put(JAXWSAConstants.CLIENT_ADDRESSING_PROPERTIES, maps);
        try {
            return operation.method().invoke(port, request, identity);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new WebServiceException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CentralSystemService client, made anew when the configured URL changes. */
    private synchronized Object centralSystem() {
        String url = config.get(Keys.CENTRAL_SYSTEM_URL, "");
        if (centralSystem != null && url.equals(centralSystemUrl)) return centralSystem;
        var factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus());
        factory.setServiceClass(version.centralSystemService());
        factory.setWsdlURL(version.centralSystemWsdl());
        factory.setServiceName(version.centralSystemServiceName());
        factory.setEndpointName(version.centralSystemPortName());
        factory.setAddress(url);
        factory.getFeatures().add(new WSAddressingFeature());
        Object proxy = factory.create();
        Client client = ClientProxy.getClient(proxy);
        var policy = new HTTPClientPolicy();
        long timeout = env.link().responseTimeout().toMillis();
        policy.setConnectionTimeout(Math.min(timeout, 10_000));
        policy.setReceiveTimeout(timeout);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        String password = config.get(Keys.AUTHORIZATION_KEY).orElse(null);
        if (password != null && !password.isBlank()) {
            ((BindingProvider) proxy).getRequestContext().put(BindingProvider.USERNAME_PROPERTY, identity);
            ((BindingProvider) proxy).getRequestContext().put(BindingProvider.PASSWORD_PROPERTY, password);
        }
        centralSystem = proxy;
        centralSystemUrl = url;
        return proxy;
    }

    // --- the station's ChargePointService

    private Server host() {
        Class<?> service = version.chargePointService();
        InvocationHandler invocation = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.invoke(this, args);
            String action = method.getAnnotation(WebMethod.class).operationName();
            return answer(action, args[0], method.getReturnType());
        };
        var factory = new JaxWsServerFactoryBean();
        factory.setBus(bus());
        factory.setServiceClass(service);
        factory.setServiceBean(Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, invocation));
        factory.setWsdlLocation(version.chargePointWsdl());
        factory.setServiceName(version.chargePointServiceName());
        factory.setEndpointName(version.chargePointPortName());
        factory.setAddress(address);
        var addressing = new WSAddressingFeature();
        addressing.setAddressingRequired(false);
        factory.getFeatures().add(addressing);
        factory.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        return factory.create();
    }

    /** A central-system call, handled by the station as the same OCPP 1.6 call over OCPP-J. */
    private Object answer(String action, Object request, Class<?> responseType) {
        ObjectNode json = SoapJson.toJson(request);
        if (version == SoapVersion.V1_5) json = Ocpp15.toV16(action, true, json);
        Object result;
        try {
            result = handler.call(action, json).get(env.link().responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallErrorException c) {
                var fault = new SoapFault(String.valueOf(c.getMessage()), Soap12.getInstance().getReceiver());
                fault.setSubCode(new QName(version.chargePointNamespace(), c.errorCode()));
                throw fault;
            }
            throw new SoapFault(action + " failed: " + e.getCause(), Soap12.getInstance().getReceiver());
        } catch (TimeoutException e) {
            throw new SoapFault(action + " was not handled in time", Soap12.getInstance().getReceiver());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SoapFault("interrupted", Soap12.getInstance().getReceiver());
        }
        Object payload = result instanceof Reply r ? r.payload() : result;
        ObjectNode answer = payload instanceof ObjectNode o ? o : Json.mapper().valueToTree(payload);
        if (version == SoapVersion.V1_5) answer = Ocpp15.fromV16(action, false, answer);
        Object response = SoapJson.fromJson(answer, responseType);
        // what the station does next (a reboot after Reset) starts once the answer is on its way
        if (result instanceof Reply r && r.then() != null) env.timers().schedule(r.then(), 50, TimeUnit.MILLISECONDS);
        return response;
    }

    /** One CXF bus for every SOAP station of this JVM. */
    private static Bus bus() {
        Bus b = bus;
        if (b == null) {
            synchronized (SoapLink.class) {
                if (bus == null) bus = BusFactory.newInstance().createBus();
                b = bus;
            }
        }
        return b;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SoapLink[" + identity + ", OCPP " + version.number() + ", " + URI.create(address) + "]";
    }
}
