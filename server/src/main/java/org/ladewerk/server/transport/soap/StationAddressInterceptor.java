package org.ladewerk.server.transport.soap;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.EndpointReferenceType;
import org.apache.cxf.ws.addressing.Names;

/**
 * Takes the station's ChargePointService address from the WS-Addressing headers of its request:
 * {@code From}, else a non-anonymous {@code ReplyTo}. OCPP stations expect the answer on the HTTP
 * response of their request, so a ReplyTo or FaultTo naming their own endpoint is not used for an
 * asynchronous reply: both are set to anonymous before the addressing layer acts on them. MessageID
 * is untouched, so the response carries RelatesTo as usual.
 */
final class StationAddressInterceptor extends AbstractPhaseInterceptor<Message> {

    /** Exchange property: the station's ChargePointService address (String), when it gave one. */
    static final String STATION_ADDRESS = "ladewerk.soap.stationAddress";

    StationAddressInterceptor() {
        super(Phase.PRE_LOGICAL);
        addBefore("org.apache.cxf.ws.addressing.MAPAggregator");
        addBefore("org.apache.cxf.ws.addressing.impl.MAPAggregatorImpl");
    }

    @Override
    public void handleMessage(Message message) {
        AddressingProperties maps = ContextUtils.retrieveMAPs(message, false, false, false);
        if (maps == null) return;
        String address = address(maps.getFrom());
        if (address == null) address = address(maps.getReplyTo());
        if (address != null) message.getExchange().put(STATION_ADDRESS, address);
        if (address(maps.getReplyTo()) != null) maps.setReplyTo(anonymous());
        if (address(maps.getFaultTo()) != null) maps.setFaultTo(anonymous());
    }

    /** The address of an endpoint reference, or null when it is absent, anonymous or none. */
    static String address(EndpointReferenceType epr) {
        if (epr == null || epr.getAddress() == null || epr.getAddress().getValue() == null) return null;
        String a = epr.getAddress().getValue().strip();
        if (a.isEmpty() || a.endsWith("/anonymous") || a.endsWith("/none")) return null;
        return a;
    }

    private static EndpointReferenceType anonymous() {
        var epr = new EndpointReferenceType();
        epr.setAddress(ContextUtils.getAttributedURI(Names.WSA_ANONYMOUS_ADDRESS));
        return epr;
    }
}
