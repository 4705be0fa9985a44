package org.ladewerk.server.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/** A server without Enedis settings starts, lists no meter and says why a consent cannot start. */
class MeterApiUnconfiguredTest extends ServerTest {

    @Test
    void withoutAClientIdTheConsentIsRefusedWithAReason() {
        assertThat(api().get("/api/v1/meters").body()).isEqualTo("[]");
        var consent = api().get("/api/v1/meters/linky/consent");
        assertThat(consent.status()).isEqualTo(400);
        assertThat(consent.body()).contains("ladewerk.enedis.client-id");
        assertThat(api().post("/api/v1/meters/12345678901234/reimport", "{\"from\":\"2026-01-01\"}").status()).isEqualTo(404);
        assertThat(api().post("/api/v1/meters/12345678901234/reimport", "{}").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/meters/12345678901234/load-curve").status()).isEqualTo(404);
    }
}
