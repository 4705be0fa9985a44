package org.ladewerk.server.transport.soap;

import java.util.HashMap;
import java.util.Map;
import org.apache.cxf.Bus;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.apache.cxf.ws.policy.PolicyEngine;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.station.StationAdmission;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Apache CXF on the application's servlet container: one CXF bus, the servlet under
 * {@code /ocpp/soap/*}, the 1.5 and 1.6 CentralSystemService endpoints at {@code /ocpp/soap/1.5} and
 * {@code /ocpp/soap/1.6} (WS-Addressing on, schema validation against the official WSDL both ways),
 * and the router in front that serves {@code /ocpp/soap} and {@code /Ocpp} for either version.
 */
@Configuration(proxyBeanMethods = false)
class SoapConfig {

    @Bean(destroyMethod = "shutdown")
    Bus ocppSoapBus() {
        Bus bus = new CXFBusFactory().createBus();
        // The WSDLs' policy makes WS-Addressing mandatory. Stations that send no addressing headers
        // are served all the same (they just cannot be called until they give their address), so the
        // policy is not enforced; addressing headers that are sent are processed as usual.
        PolicyEngine policies = bus.getExtension(PolicyEngine.class);
        if (policies != null) policies.setEnabled(false);
        return bus;
    }

    @Bean
    ServletRegistrationBean<CXFNonSpringServlet> ocppSoapServlet(Bus ocppSoapBus) {
        var servlet = new CXFNonSpringServlet();
        servlet.setBus(ocppSoapBus);
        var registration = new ServletRegistrationBean<>(servlet, SoapTransport.SERVLET_PATH + "/*");
        registration.setName("ocppSoap");
        registration.setLoadOnStartup(1);
        registration.addInitParameter("hide-service-list-page", "true");
        return registration;
    }

    @Bean
    FilterRegistrationBean<SoapRouter> ocppSoapRouter(SoapTransport transport, StationAdmission admission, EventBus events) {
        var registration = new FilterRegistrationBean<>(new SoapRouter(transport, admission, events));
        registration.setName("ocppSoapRouter");
        registration.addUrlPatterns(SoapTransport.SERVLET_PATH, SoapTransport.SERVLET_PATH + "/*", "/Ocpp", "/Ocpp/*");
        return registration;
    }

    @Bean(destroyMethod = "stop")
    EndpointImpl ocppSoap15Endpoint(Bus ocppSoapBus, SoapTransport transport) {
        return publish(ocppSoapBus, transport, SoapVersion.V1_5);
    }

    @Bean(destroyMethod = "stop")
    EndpointImpl ocppSoap16Endpoint(Bus ocppSoapBus, SoapTransport transport) {
        return publish(ocppSoapBus, transport, SoapVersion.V1_6);
    }

    private static EndpointImpl publish(Bus bus, SoapTransport transport, SoapVersion version) {
        var endpoint = new EndpointImpl(bus, CentralSystemEndpoint.implementor(version, transport));
        endpoint.setImplementorClass(version.centralSystemService()); // the generated interface, not the proxy's class
        endpoint.setWsdlLocation(version.centralSystemWsdl());
        endpoint.setServiceName(version.centralSystemServiceName());
        endpoint.setEndpointName(version.centralSystemPortName());
        var addressing = new WSAddressingFeature();
        // A retried request keeps its MessageID; the domain recognises retries (a StartTransaction sent
        // twice gives one transaction), so retries are answered instead of being refused as duplicates,
        // and no MessageID is remembered (CXF's own cache grows with every message).
        addressing.setMessageIdCache(id -> true);
        // served without addressing headers too (see the bus): such a station cannot be called back
        addressing.setAddressingRequired(false);
        endpoint.getFeatures().add(addressing);
        Map<String, Object> properties = new HashMap<>();
        // a schema-invalid request is answered with a fault naming the violation; our answers are checked too
        properties.put("schema-validation-enabled", "BOTH");
        endpoint.setProperties(properties);
        endpoint.getInInterceptors().add(new StationAddressInterceptor());
        endpoint.publish("/" + version.number());
        return endpoint;
    }
}
