package dev.roost.codec;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, checked reads of the MQTT 5.0 properties Netty decoded for one packet or will. Construction rejects an
 * identifier that is not valid in its {@link PropertyContext}; the getters reject values the spec forbids. Every
 * rejection is a {@link ProtocolViolation}.
 *
 * <p>Netty keeps properties in a map keyed by identifier, so a property that appears twice (a Protocol Error for all
 * but User Property and, in PUBLISH, Subscription Identifier) would arrive here once, with its last value: that check
 * is made on the wire, before Netty's decoder, by {@link PropertySection}.
 */
final class InboundProperties {
    private final MqttProperties properties;

    InboundProperties(MqttProperties properties, PropertyContext context) {
        this.properties = properties;
        for (MqttProperty<?> property : properties.listAll()) {
            if (!context.allows(property.propertyId())) {
                throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "",
                        String.format("property 0x%02X is not valid in %s (2.2.2.2)", property.propertyId(), context));
            }
        }
    }

    /** @return the value of a Byte, Two Byte Integer or Variable Byte Integer property, {@code null} when absent */
    Integer integer(int id) {
        MqttProperty<?> p = properties.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    /** @return the value of a Four Byte Integer property as the unsigned value it is, {@code null} when absent */
    Long fourByteInteger(int id) {
        Integer value = integer(id);
        return value == null ? null : Integer.toUnsignedLong(value);
    }

    /** @return a Byte property that must be 0 or 1 as a boolean, {@code null} when absent */
    Boolean flag(int id, String name) {
        Integer value = integer(id);
        if (value == null) {
            return null;
        }
        if (value != 0 && value != 1) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", name + " must be 0 or 1, was " + value);
        }
        return value == 1;
    }

    /** @return an integer property that must not be 0 when present, {@code null} when absent */
    Integer nonZero(int id, String name) {
        Integer value = integer(id);
        if (value != null && value == 0) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", name + " must not be 0");
        }
        return value;
    }

    /** @return a Four Byte Integer property that must not be 0 when present, {@code null} when absent */
    Long nonZeroFourByteInteger(int id, String name) {
        Long value = fourByteInteger(id);
        if (value != null && value == 0) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", name + " must not be 0");
        }
        return value;
    }

    String string(int id) {
        MqttProperty<?> p = properties.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    byte[] binary(int id) {
        MqttProperty<?> p = properties.getProperty(id);
        return p == null ? null : (byte[]) p.value();
    }

    List<UserProperty> userProperties() {
        List<?> all = properties.getProperties(MqttProperties.USER_PROPERTY);
        List<UserProperty> result = new ArrayList<>(all.size());
        for (Object p : all) {
            MqttProperties.StringPair pair = ((MqttProperties.UserProperty) p).value();
            result.add(new UserProperty(pair.key, pair.value));
        }
        return result;
    }

    /** @return every Subscription Identifier in order; each must be 1 to 268,435,455 (3.3.2.3.8, 3.8.2.1.2) */
    List<Integer> subscriptionIdentifiers() {
        List<?> all = properties.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER);
        List<Integer> result = new ArrayList<>(all.size());
        for (Object p : all) {
            int id = ((MqttProperties.IntegerProperty) p).value();
            if (id == 0) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", "Subscription Identifier must not be 0");
            }
            result.add(id);
        }
        return result;
    }

    /** @return the Authentication Method; Authentication Data without it is a Protocol Error (3.1.2.11.10) */
    String authenticationMethod() {
        String method = string(MqttProperties.AUTHENTICATION_METHOD);
        if (method == null && binary(MqttProperties.AUTHENTICATION_DATA) != null) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    "Authentication Data without Authentication Method");
        }
        return method;
    }

    /** @return the properties of an application message (PUBLISH or will) */
    MessageProperties messageProperties() {
        Integer payloadFormat = integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        if (payloadFormat != null && payloadFormat != 0 && payloadFormat != 1) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    "Payload Format Indicator must be 0 or 1, was " + payloadFormat);
        }
        String responseTopic = string(MqttProperties.RESPONSE_TOPIC);
        if (responseTopic != null) {
            TopicNames.requireValidName(responseTopic, "Response Topic");
        }
        return new MessageProperties(payloadFormat, fourByteInteger(MqttProperties.PUBLICATION_EXPIRY_INTERVAL),
                string(MqttProperties.CONTENT_TYPE), responseTopic, binary(MqttProperties.CORRELATION_DATA),
                userProperties());
    }
}
