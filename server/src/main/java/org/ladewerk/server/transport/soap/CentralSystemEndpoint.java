package org.ladewerk.server.transport.soap;

import jakarta.jws.WebMethod;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.ladewerk.ocpp.soap.SoapVersion;

/**
 * The CentralSystemService of either SOAP version, generated from its official WSDL: every
 * operation goes to {@link SoapTransport} with the operation's name as the action. One class for
 * both versions instead of two hand-written implementations that had to be kept in step: the
 * generated interface is implemented by a proxy, since 1.5 and 1.6 have the same operations on
 * different generated types.
 */
final class CentralSystemEndpoint implements InvocationHandler {

    private final SoapVersion version;
    private final SoapTransport transport;

    private CentralSystemEndpoint(SoapVersion version, SoapTransport transport) {
        this.version = version;
        this.transport = transport;
    }

    /** An implementation of {@code version.centralSystemService()} for CXF to publish. */
    static Object implementor(SoapVersion version, SoapTransport transport) {
        Class<?> service = version.centralSystemService();
        return Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, new CentralSystemEndpoint(version, transport));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        WebMethod operation = method.getAnnotation(WebMethod.class);
        if (operation == null) { // Object's methods
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "CentralSystemService " + version.number();
            };
        }
        // generated signature: (request parameters, chargeBoxIdentity header)
        return transport.handle(version, operation.operationName(), args[0], (String) args[1], method.getReturnType());
    }
}
