package org.ladewerk.ocpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OcppVersionTest {

    @Test
    void subprotocolRoundTrip() {
        assertThat(OcppVersion.V1_6.subprotocol()).isEqualTo("ocpp1.6");
        assertThat(OcppVersion.V2_0_1.subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(OcppVersion.V2_1.subprotocol()).isEqualTo("ocpp2.1");
        for (OcppVersion v : OcppVersion.values()) {
            assertThat(OcppVersion.fromSubprotocol(v.subprotocol())).contains(v);
        }
    }

    @Test
    void unknownSubprotocol() {
        assertThat(OcppVersion.fromSubprotocol("ocpp1.5")).isEmpty();
        assertThat(OcppVersion.fromSubprotocol("OCPP1.6")).isEmpty();
        assertThat(OcppVersion.fromSubprotocol(null)).isEmpty();
    }
}
