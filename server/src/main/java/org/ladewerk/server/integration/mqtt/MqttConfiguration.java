package org.ladewerk.server.integration.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.site.SiteModel;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MQTT exists only when {@code ladewerk.mqtt.url} is set: without a broker nothing here is created and
 * the system starts as before. The connection starts after the bridge subscribed, so no message of the
 * first connection is missed.
 */
@Configuration
@ConditionalOnExpression("!'${ladewerk.mqtt.url:}'.isBlank()")
class MqttConfiguration {

    @Bean(destroyMethod = "close")
    MqttConnection mqttConnection(MqttProperties properties) {
        return new MqttConnection(properties);
    }

    @Bean
    MqttBridge mqttBridge(MqttProperties properties, SiteModel model, MqttConnection connection, MeterRegistry metrics) {
        return new MqttBridge(properties, model, connection, metrics);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${ladewerk.mqtt.publish-prefix:ladewerk}'.isBlank()")
    MqttPublisher mqttPublisher(MqttProperties properties, MqttConnection connection, SiteModel model, EventBus events) {
        if (!properties.discoveryPrefix().isBlank()) {
            var discovery = new HomeAssistantDiscovery(properties.discoveryPrefix(), properties.publishPrefix());
            connection.onConnected(() -> discovery.publish(connection));
        }
        return new MqttPublisher(properties, connection, model, events);
    }

    /** Connects once every MQTT bean has subscribed and registered its on-connect actions. */
    @Bean
    SmartInitializingSingleton mqttStart(MqttConnection connection) {
        return connection::start;
    }
}
