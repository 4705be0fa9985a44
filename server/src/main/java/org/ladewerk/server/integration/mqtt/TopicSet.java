package org.ladewerk.server.integration.mqtt;

import java.util.List;
import org.ladewerk.server.site.SiteTarget;

/**
 * A family of topics the bridge understands (openWB 1.9, openWB 2.x, the configured mappings): which
 * filters to subscribe and what a message means for the site, with the family's sign conventions
 * already normalised. {@link #decode} returns nothing for a topic of no interest and throws
 * {@link Payloads.Malformed} for a payload that cannot be a value.
 */
interface TopicSet {

    /** Tag of the {@code ladewerk.mqtt.messages} counter, e.g. openwb1. */
    String name();

    List<String> filters();

    List<Decoded> decode(String topic, String payload);

    sealed interface Decoded {}

    record Value(SiteTarget target, double value) implements Decoded {}

    record ChargeMode(String chargePoint, String mode) implements Decoded {}

    /** openWB 2.x names the charge template a charge point uses; setting its mode goes through it. */
    record ChargeTemplate(String chargePoint, int template) implements Decoded {}
}
