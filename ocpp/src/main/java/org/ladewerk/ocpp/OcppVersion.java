package org.ladewerk.ocpp;

import java.util.Arrays;
import java.util.Optional;

/** OCPP-J protocol versions, identified on the wire by their WebSocket subprotocol. */
public enum OcppVersion {
    V1_6("ocpp1.6"),
    V2_0_1("ocpp2.0.1"),
    V2_1("ocpp2.1");

    private final String subprotocol;

    OcppVersion(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** Subprotocol names are compared exactly: RFC 6455 tokens are case-sensitive. */
    public static Optional<OcppVersion> fromSubprotocol(String subprotocol) {
        return Arrays.stream(values()).filter(v -> v.subprotocol.equals(subprotocol)).findFirst();
    }
}
