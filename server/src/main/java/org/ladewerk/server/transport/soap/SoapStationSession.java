package org.ladewerk.server.transport.soap;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.xml.namespace.QName;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.Violation;
import org.ladewerk.ocpp.soap.Ocpp15;
import org.ladewerk.ocpp.soap.SoapJson;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.transport.CallOutcome;
import org.ladewerk.server.transport.StationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A station that speaks OCPP 1.5 or 1.6 over SOAP. There is no connection: the station is online
 * while it has been heard from recently (see {@link SoapTransport}), and central-system calls are
 * SOAP requests to the ChargePointService address it gave in WS-Addressing From/ReplyTo.
 *
 * <p>Toward the domain it is an OCPP 1.6 session ({@link #version()} is V1_6): calls come in the
 * 1.6 JSON shape, already validated, and are rendered in the station's SOAP version here; answers
 * go back in the 1.6 JSON shape, checked against the 1.6 response schema.
 */
final class SoapStationSession implements StationSession {

    private static final Logger log = LoggerFactory.getLogger(SoapStationSession.class);

    private final SoapTransport transport;
    private final String stationId;
    private final SoapVersion soapVersion;
    private final Instant connectedAt = Instant.now();
    /** The station's own calls are handled one at a time, in order, as over OCPP-J. */
    final ReentrantLock inbound = new ReentrantLock(true);
    /** One central-system call in flight at a time. */
    private final Semaphore outbound = new Semaphore(1, true);
    private volatile long lastSeenMillis = System.currentTimeMillis();
    private volatile String endpointAddress;
    private volatile boolean closed;
    // used by one outbound call at a time (under the semaphore)
    private Object port;
    private String portAddress;

    SoapStationSession(SoapTransport transport, String stationId, SoapVersion soapVersion, String endpointAddress) {
        this.transport = transport;
        this.stationId = stationId;
        this.soapVersion = soapVersion;
        this.endpointAddress = endpointAddress;
    }

    @Override public String stationId() { return stationId; }
    @Override public OcppVersion version() { return OcppVersion.V1_6; }
    @Override public String account() { return null; }
    @Override public Instant connectedAt() { return connectedAt; }
    @Override public Instant lastSeen() { return Instant.ofEpochMilli(lastSeenMillis); }
    @Override public String transport() { return "soap"; }
    @Override public String protocol() { return soapVersion.protocolName(); }
    @Override public String endpointAddress() { return endpointAddress; }

    SoapVersion soapVersion() {
        return soapVersion;
    }

    boolean isClosed() {
        return closed;
    }

    void heard() {
        lastSeenMillis = System.currentTimeMillis();
    }

    /** True when the address changed. */
    boolean endpointAddress(String address) {
        if (address == null || address.equals(endpointAddress)) return false;
        endpointAddress = address;
        return true;
    }

    @Override
    public String refuses(String action, ObjectNode request) {
        if (soapVersion == SoapVersion.V1_5) return Ocpp15.unsupported(action, request);
        if (soapVersion.chargePointOperation(action).isEmpty()) return action + " is not an operation of the OCPP 1.6 SOAP ChargePointService";
        return null;
    }

    @Override
    public void close(int code, String reason) {
        if (closed) return;
        closed = true;
        log.debug("{} (SOAP) closed: {}", stationId, reason);
        transport.closed(this);
    }

    @Override
    public CompletableFuture<CallOutcome> call(String action, ObjectNode payload) {
        if (closed) return CompletableFuture.completedFuture(new CallOutcome.Disconnected());
        try {
            return enqueue(action, payload);
        } catch (java.util.concurrent.RejectedExecutionException e) { // the transport is stopping
            return CompletableFuture.completedFuture(new CallOutcome.Disconnected());
        }
    }

    private CompletableFuture<CallOutcome> enqueue(String action, ObjectNode payload) {
        return CompletableFuture.supplyAsync(() -> {
            Duration timeout = transport.responseTimeout();
            try {
                // calls queue behind the one in flight, as over OCPP-J; a queue that does not move is a timeout
                if (!outbound.tryAcquire(timeout.toMillis() * 4, TimeUnit.MILLISECONDS)) return new CallOutcome.Timeout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CallOutcome.Disconnected();
            }
            try {
                // not while the station's own call is being answered (see OcppJConnection), bounded the same way
                if (inbound.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) inbound.unlock();
                if (closed) return new CallOutcome.Disconnected();
                return send(action, payload, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CallOutcome.Disconnected();
            } finally {
                outbound.release();
            }
        }, transport.executor());
    }

    private CallOutcome send(String action, ObjectNode payload, Duration timeout) {
        String address = endpointAddress;
        if (address == null)
            return new CallOutcome.Error(ErrorCode.GENERIC_ERROR.wireName(OcppVersion.V1_6),
                    "the station gave no ChargePointService address (WS-Addressing From or ReplyTo), so it cannot be called", null);
        SoapVersion.Operation operation = soapVersion.chargePointOperation(action).orElseThrow();
        Object request;
        try {
            ObjectNode message = soapVersion == SoapVersion.V1_5 ? Ocpp15.fromV16(action, true, payload) : payload;
            request = SoapJson.fromJson(message, operation.requestType());
        } catch (IllegalArgumentException e) {
            return new CallOutcome.Error(ErrorCode.FORMAT_VIOLATION.wireName(OcppVersion.V1_6),
                    "cannot express the request in OCPP " + soapVersion.number() + " SOAP: " + e.getMessage(), null);
        }
        Object response;
        try {
            response = operation.method().invoke(port(address, timeout), request, stationId);
        } catch (InvocationTargetException e) {
            return failure(action, address, e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            return failure(action, address, e);
        }
        heard();
        ObjectNode json = SoapJson.toJson(response);
        if (soapVersion == SoapVersion.V1_5) json = Ocpp15.toV16(action, false, json);
        Violation invalid = transport.schemas().validateResponse(OcppVersion.V1_6, action, json).orElse(null);
        if (invalid != null)
            return new CallOutcome.Error(invalid.code().wireName(OcppVersion.V1_6), "invalid " + action + " response: " + invalid.description(), null);
        return new CallOutcome.Result(json);
    }

    private CallOutcome failure(String action, String address, Throwable error) {
        if (error instanceof SOAPFaultException fault) {
            var f = fault.getFault();
            String code = f.getFaultSubcodes().hasNext() ? ((QName) f.getFaultSubcodes().next()).getLocalPart()
                    : f.getFaultCodeAsQName().getLocalPart();
            return new CallOutcome.Error(code, f.getFaultString(), null);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || (t instanceof HttpTimeoutException && !(t instanceof HttpConnectTimeoutException))) {
                return new CallOutcome.Timeout();
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return new CallOutcome.Error(ErrorCode.GENERIC_ERROR.wireName(OcppVersion.V1_6),
                        "could not reach the station's ChargePointService at " + address + ": " + t, null);
            }
        }
        if (error instanceof WebServiceException && error.getMessage() != null && error.getMessage().contains("Unmarshalling Error")) {
            return new CallOutcome.Error(ErrorCode.FORMAT_VIOLATION.wireName(OcppVersion.V1_6),
                    "invalid " + action + " response: " + error.getMessage(), null);
        }
        log.warn("{} to {} (SOAP) failed", action, stationId, error);
        return new CallOutcome.Error(ErrorCode.GENERIC_ERROR.wireName(OcppVersion.V1_6),
                action + " to " + address + " failed: " + error, null);
    }

    /** A client proxy for the station's ChargePointService, made once per address. */
    private Object port(String address, Duration timeout) {
        if (port != null && address.equals(portAddress)) return port;
        var factory = new JaxWsProxyFactoryBean();
        factory.setBus(transport.bus());
        factory.setServiceClass(soapVersion.chargePointService());
        factory.setWsdlURL(soapVersion.chargePointWsdl());
        factory.setServiceName(soapVersion.chargePointServiceName());
        factory.setEndpointName(soapVersion.chargePointPortName());
        factory.setAddress(address);
        factory.getFeatures().add(new WSAddressingFeature());
        factory.setProperties(new java.util.HashMap<>(Map.of(
                // the station's answers are checked against the official WSDL's schema
                "schema-validation-enabled", "IN",
                // CXF's java.net.http conduit races its own close against a failed connect (an NPE that hides
                // the ConnectException, so an unreachable station read as an unknown failure); the
                // URLConnection one reports the cause
                "force.urlconnection.http.conduit", true)));
        Object proxy = factory.create();
        Client client = ClientProxy.getClient(proxy);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        var policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(Math.min(timeout.toMillis(), 10_000));
        policy.setReceiveTimeout(timeout.toMillis());
        policy.setAllowChunking(false);
        conduit.setClient(policy);
        ((BindingProvider) proxy).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        port = proxy;
        portAddress = address;
        return proxy;
    }
}
