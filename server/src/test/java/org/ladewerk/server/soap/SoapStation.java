package org.ladewerk.server.soap;

import jakarta.jws.WebMethod;
import jakarta.xml.ws.BindingProvider;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.EndpointReferenceUtils;
import org.apache.cxf.ws.addressing.JAXWSAConstants;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.ladewerk.ocpp.soap.SoapVersion;

/**
 * A SOAP charging station for tests, built with Apache CXF from the official OCPP WSDLs: it calls
 * the central system's CentralSystemService (chargeBoxIdentity header, WS-Addressing with its own
 * address in From) and hosts its own ChargePointService on a local port, answering the central
 * system's calls with the handlers registered per action (JAXB request in, JAXB response out).
 */
public final class SoapStation implements AutoCloseable {

    /** A central-system call as the station received it. */
    public record Received(String action, Object request, String chargeBoxIdentity, String messageId, String to) {}

    private final SoapVersion version;
    private final String stationId;
    private final Bus bus = BusFactory.newInstance().createBus();
    private final String address;
    private final Server server;
    private final Object centralSystem;
    private final String advertised;
    private final Map<String, Function<Object, Object>> answers = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();

    private SoapStation(SoapVersion version, String centralSystemUrl, String stationId, String password, boolean advertise) {
        this.version = version;
        this.stationId = stationId;
        this.address = "http://127.0.0.1:" + freePort() + "/ocpp/" + stationId;
        this.server = host();
        this.advertised = advertise ? address : null;
        this.centralSystem = client(centralSystemUrl, password);
    }

    /** A station of this version talking to {@code centralSystemUrl}, advertising its endpoint in WS-Addressing From. */
    public static SoapStation start(SoapVersion version, String centralSystemUrl, String stationId) {
        return new SoapStation(version, centralSystemUrl, stationId, null, true);
    }

    public static SoapStation start(SoapVersion version, String centralSystemUrl, String stationId, String password) {
        return new SoapStation(version, centralSystemUrl, stationId, password, true);
    }

    public String address() {
        return address;
    }

    public SoapVersion version() {
        return version;
    }

    /** Answers the central system's calls of this action (operation name, e.g. "Reset"). */
    public SoapStation answer(String action, Function<Object, Object> handler) {
        answers.put(action, handler);
        return this;
    }

    /** Calls an operation of the central system; {@code request} is the JAXB request of this station's version. */
    @SuppressWarnings("unchecked")
    public <R> R call(String action, Object request) {
        Method m = version.centralSystemOperation(action).orElseThrow().method();
        if (advertised != null) {
            // a new set of addressing properties per message, so each gets its own MessageID
            var maps = new AddressingProperties();
            maps.setFrom(EndpointReferenceUtils.getEndpointReference(advertised));
            client().getRequestContext().put(JAXWSAConstants.CLIENT_ADDRESSING_PROPERTIES, maps);
        }
        try {
            return (R) m.invoke(centralSystem, request, stationId);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client proxy, e.g. to set request context properties. */
    public BindingProvider client() {
        return (BindingProvider) centralSystem;
    }

    private Object client(String url, String password) {
        var factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(version.centralSystemService());
        factory.setWsdlURL(version.centralSystemWsdl());
        factory.setServiceName(version.centralSystemServiceName());
        factory.setEndpointName(version.centralSystemPortName());
        factory.setAddress(url);
        factory.getFeatures().add(new WSAddressingFeature());
        Object proxy = factory.create();
        var context = ((BindingProvider) proxy).getRequestContext();
        if (password != null) {
            // OCPP security profile 1: HTTP Basic with the charge point id as user
            context.put(BindingProvider.USERNAME_PROPERTY, stationId);
            context.put(BindingProvider.PASSWORD_PROPERTY, password);
        }
        return proxy;
    }

    private Server host() {
        Class<?> service = version.chargePointService();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.invoke(this, args);
            String action = method.getAnnotation(WebMethod.class).operationName();
            AddressingProperties maps = ContextUtils.retrieveMAPs(PhaseInterceptorChain.getCurrentMessage(), false, false, false);
            received.add(new Received(action, args[0], (String) args[1],
                    maps == null || maps.getMessageID() == null ? null : maps.getMessageID().getValue(),
                    maps == null || maps.getTo() == null ? null : maps.getTo().getValue()));
            Function<Object, Object> answer = answers.get(action);
            if (answer == null) throw new UnsupportedOperationException("no answer for " + action);
            return answer.apply(args[0]);
        };
        var factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(service);
        factory.setServiceBean(Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, handler));
        factory.setWsdlLocation(version.chargePointWsdl());
        factory.setServiceName(version.chargePointServiceName());
        factory.setEndpointName(version.chargePointPortName());
        factory.setAddress(address);
        factory.getFeatures().add(new WSAddressingFeature());
        factory.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        return factory.create();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
        bus.shutdown(true);
    }
}
