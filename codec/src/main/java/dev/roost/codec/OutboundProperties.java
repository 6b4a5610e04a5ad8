package dev.roost.codec;

import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.ReasonProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import java.util.List;

/**
 * Collects the MQTT 5.0 properties of one outbound packet for Netty's encoder, skipping every absent value so that
 * only present properties reach the wire. Single use, not thread-safe.
 */
final class OutboundProperties {
    private final MqttProperties properties = new MqttProperties();

    /** Adds a Byte, Two Byte Integer or Variable Byte Integer property when {@code value} is not {@code null}. */
    OutboundProperties integer(int id, Integer value) {
        if (value != null) {
            properties.add(new IntegerProperty(id, value));
        }
        return this;
    }

    /** Adds a Four Byte Integer property (0 to 4,294,967,295) when {@code value} is not {@code null}. */
    OutboundProperties fourByteInteger(int id, Long value) {
        if (value != null) {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("property 0x" + Integer.toHexString(id) + " out of range: " + value);
            }
            properties.add(new IntegerProperty(id, (int) value.longValue()));
        }
        return this;
    }

    /** Adds a Byte property holding 1 or 0 when {@code value} is not {@code null}. */
    OutboundProperties flag(int id, Boolean value) {
        return integer(id, value == null ? null : value ? 1 : 0);
    }

    OutboundProperties string(int id, String value) {
        if (value != null) {
            properties.add(new StringProperty(id, value));
        }
        return this;
    }

    OutboundProperties binary(int id, byte[] value) {
        if (value != null) {
            properties.add(new BinaryProperty(id, value));
        }
        return this;
    }

    OutboundProperties userProperties(List<UserProperty> userProperties) {
        for (UserProperty u : userProperties) {
            properties.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
        return this;
    }

    OutboundProperties subscriptionIdentifiers(List<Integer> ids) {
        for (int id : ids) {
            properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        return this;
    }

    OutboundProperties message(MessageProperties p) {
        return integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, p.payloadFormatIndicator())
                .fourByteInteger(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, p.messageExpiryIntervalSeconds())
                .string(MqttProperties.CONTENT_TYPE, p.contentType())
                .string(MqttProperties.RESPONSE_TOPIC, p.responseTopic())
                .binary(MqttProperties.CORRELATION_DATA, p.correlationData())
                .userProperties(p.userProperties());
    }

    OutboundProperties reason(ReasonProperties p) {
        return string(MqttProperties.REASON_STRING, p.reasonString()).userProperties(p.userProperties());
    }

    MqttProperties build() {
        return properties.isEmpty() ? MqttProperties.NO_PROPERTIES : properties;
    }
}
