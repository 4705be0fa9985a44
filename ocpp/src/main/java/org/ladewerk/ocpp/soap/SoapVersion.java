package org.ladewerk.ocpp.soap;

import jakarta.jws.WebMethod;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.namespace.QName;

/**
 * The two OCPP versions that have a SOAP binding, with what identifies them on the wire (the target
 * namespaces of the official WSDLs) and the service interfaces generated from those WSDLs.
 */
public enum SoapVersion {

    V1_5("1.5", "urn://Ocpp/Cs/2012/06/", "urn://Ocpp/Cp/2012/06/",
            org.ladewerk.ocpp.soap.v15.cs.CentralSystemService.class,
            org.ladewerk.ocpp.soap.v15.cp.ChargePointService.class),
    V1_6("1.6", "urn://Ocpp/Cs/2015/10/", "urn://Ocpp/Cp/2015/10/",
            org.ladewerk.ocpp.soap.v16.cs.CentralSystemService.class,
            org.ladewerk.ocpp.soap.v16.cp.ChargePointService.class);

    /** An operation of a service interface: its action name, request and response classes. */
    public record Operation(String action, Method method, Class<?> requestType, Class<?> responseType) {}

    private final String number;
    private final String centralSystemNamespace;
    private final String chargePointNamespace;
    private final Class<?> centralSystemService;
    private final Class<?> chargePointService;
    private final Map<String, Operation> centralSystemOperations;
    private final Map<String, Operation> chargePointOperations;

    SoapVersion(String number, String csNamespace, String cpNamespace, Class<?> cs, Class<?> cp) {
        this.number = number;
        this.centralSystemNamespace = csNamespace;
        this.chargePointNamespace = cpNamespace;
        this.centralSystemService = cs;
        this.chargePointService = cp;
        this.centralSystemOperations = operations(cs);
        this.chargePointOperations = operations(cp);
    }

    /** "1.5" or "1.6". */
    public String number() {
        return number;
    }

    /** The name stored and shown for a station of this version, in the style of the OCPP-J subprotocols. */
    public String protocolName() {
        return "ocpp" + number;
    }

    public String centralSystemNamespace() {
        return centralSystemNamespace;
    }

    public String chargePointNamespace() {
        return chargePointNamespace;
    }

    /** The generated CentralSystemService interface (operations a station calls). */
    public Class<?> centralSystemService() {
        return centralSystemService;
    }

    /** The generated ChargePointService interface (operations the central system calls). */
    public Class<?> chargePointService() {
        return chargePointService;
    }

    public String centralSystemWsdl() {
        return "classpath:ocpp-spec/wsdl/OCPP_CentralSystemService_" + number + ".wsdl";
    }

    public String chargePointWsdl() {
        return "classpath:ocpp-spec/wsdl/OCPP_ChargePointService_" + number + ".wsdl";
    }

    public QName centralSystemServiceName() {
        return new QName(centralSystemNamespace, "CentralSystemService");
    }

    public QName centralSystemPortName() {
        return new QName(centralSystemNamespace, "CentralSystemServiceSoap12");
    }

    public QName chargePointServiceName() {
        return new QName(chargePointNamespace, "ChargePointService");
    }

    public QName chargePointPortName() {
        return new QName(chargePointNamespace, "ChargePointServiceSoap12");
    }

    /** The header that names the station, in the namespace of the service it is sent to. */
    public QName chargeBoxIdentity(boolean toCentralSystem) {
        return new QName(toCentralSystem ? centralSystemNamespace : chargePointNamespace, "chargeBoxIdentity");
    }

    /** Station-initiated operations by action name. */
    public Optional<Operation> centralSystemOperation(String action) {
        return Optional.ofNullable(centralSystemOperations.get(action));
    }

    /** Central-system-initiated operations by action name. */
    public Optional<Operation> chargePointOperation(String action) {
        return Optional.ofNullable(chargePointOperations.get(action));
    }

    public Set<String> centralSystemActions() {
        return centralSystemOperations.keySet();
    }

    public Set<String> chargePointActions() {
        return chargePointOperations.keySet();
    }

    /** The version whose CentralSystemService has this namespace. */
    public static Optional<SoapVersion> ofCentralSystemNamespace(String namespace) {
        return Arrays.stream(values()).filter(v -> v.centralSystemNamespace.equals(namespace)).findFirst();
    }

    /** The version whose ChargePointService has this namespace. */
    public static Optional<SoapVersion> ofChargePointNamespace(String namespace) {
        return Arrays.stream(values()).filter(v -> v.chargePointNamespace.equals(namespace)).findFirst();
    }

    /** "ocpp1.5" or "ocpp1.6". */
    public static Optional<SoapVersion> ofProtocolName(String name) {
        return Arrays.stream(values()).filter(v -> v.protocolName().equals(name)).findFirst();
    }

    private static Map<String, Operation> operations(Class<?> service) {
        var result = new TreeMap<String, Operation>();
        for (Method m : service.getMethods()) {
            WebMethod web = m.getAnnotation(WebMethod.class);
            if (web == null) continue;
            result.put(web.operationName(), new Operation(web.operationName(), m, m.getParameterTypes()[0], m.getReturnType()));
        }
        return Map.copyOf(result);
    }
}
