package org.ladewerk.server.transport.soap;

import jakarta.jws.WebService;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.ocpp.soap.v15.cs.CentralSystemService;
import org.ladewerk.ocpp.soap.v15.cs.AuthorizeRequest;
import org.ladewerk.ocpp.soap.v15.cs.AuthorizeResponse;
import org.ladewerk.ocpp.soap.v15.cs.BootNotificationRequest;
import org.ladewerk.ocpp.soap.v15.cs.BootNotificationResponse;
import org.ladewerk.ocpp.soap.v15.cs.DataTransferRequest;
import org.ladewerk.ocpp.soap.v15.cs.DataTransferResponse;
import org.ladewerk.ocpp.soap.v15.cs.DiagnosticsStatusNotificationRequest;
import org.ladewerk.ocpp.soap.v15.cs.DiagnosticsStatusNotificationResponse;
import org.ladewerk.ocpp.soap.v15.cs.FirmwareStatusNotificationRequest;
import org.ladewerk.ocpp.soap.v15.cs.FirmwareStatusNotificationResponse;
import org.ladewerk.ocpp.soap.v15.cs.HeartbeatRequest;
import org.ladewerk.ocpp.soap.v15.cs.HeartbeatResponse;
import org.ladewerk.ocpp.soap.v15.cs.MeterValuesRequest;
import org.ladewerk.ocpp.soap.v15.cs.MeterValuesResponse;
import org.ladewerk.ocpp.soap.v15.cs.StartTransactionRequest;
import org.ladewerk.ocpp.soap.v15.cs.StartTransactionResponse;
import org.ladewerk.ocpp.soap.v15.cs.StatusNotificationRequest;
import org.ladewerk.ocpp.soap.v15.cs.StatusNotificationResponse;
import org.ladewerk.ocpp.soap.v15.cs.StopTransactionRequest;
import org.ladewerk.ocpp.soap.v15.cs.StopTransactionResponse;

/** The OCPP 1.5 CentralSystemService (generated from the official WSDL): every operation goes to {@link SoapTransport}. */
@WebService(endpointInterface = "org.ladewerk.ocpp.soap.v15.cs.CentralSystemService", targetNamespace = "urn://Ocpp/Cs/2012/06/",
        serviceName = "CentralSystemService", portName = "CentralSystemServiceSoap12",
        wsdlLocation = "classpath:ocpp-spec/wsdl/OCPP_CentralSystemService_1.5.wsdl")
final class CentralSystem15 implements CentralSystemService {

    private static final SoapVersion VERSION = SoapVersion.V1_5;

    private final SoapTransport transport;

    CentralSystem15(SoapTransport transport) {
        this.transport = transport;
    }

    @Override
    public AuthorizeResponse authorize(AuthorizeRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "Authorize", parameters, chargeBoxIdentity, AuthorizeResponse.class);
    }

    @Override
    public BootNotificationResponse bootNotification(BootNotificationRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "BootNotification", parameters, chargeBoxIdentity, BootNotificationResponse.class);
    }

    @Override
    public DataTransferResponse dataTransfer(DataTransferRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "DataTransfer", parameters, chargeBoxIdentity, DataTransferResponse.class);
    }

    @Override
    public DiagnosticsStatusNotificationResponse diagnosticsStatusNotification(DiagnosticsStatusNotificationRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "DiagnosticsStatusNotification", parameters, chargeBoxIdentity, DiagnosticsStatusNotificationResponse.class);
    }

    @Override
    public FirmwareStatusNotificationResponse firmwareStatusNotification(FirmwareStatusNotificationRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "FirmwareStatusNotification", parameters, chargeBoxIdentity, FirmwareStatusNotificationResponse.class);
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "Heartbeat", parameters, chargeBoxIdentity, HeartbeatResponse.class);
    }

    @Override
    public MeterValuesResponse meterValues(MeterValuesRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "MeterValues", parameters, chargeBoxIdentity, MeterValuesResponse.class);
    }

    @Override
    public StartTransactionResponse startTransaction(StartTransactionRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "StartTransaction", parameters, chargeBoxIdentity, StartTransactionResponse.class);
    }

    @Override
    public StatusNotificationResponse statusNotification(StatusNotificationRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "StatusNotification", parameters, chargeBoxIdentity, StatusNotificationResponse.class);
    }

    @Override
    public StopTransactionResponse stopTransaction(StopTransactionRequest parameters, String chargeBoxIdentity) {
        return transport.handle(VERSION, "StopTransaction", parameters, chargeBoxIdentity, StopTransactionResponse.class);
    }
}
