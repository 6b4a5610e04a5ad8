package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.Will;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * Turns Netty's decoded CONNECT and CONNACK into {@link Connect} and {@link ConnAck}, with the checks Netty leaves
 * out (see {@link PacketTranslator} for the table). Stateless.
 */
final class ConnectDecoding {
    private ConnectDecoding() {
    }

    static Connect connect(MqttConnectMessage message) {
        MqttConnectVariableHeader header = message.variableHeader();
        MqttConnectPayload payload = message.payload();
        MqttVersion version = MqttVersion.ofLevel(header.version());
        boolean v5 = version.isV5();
        if (!header.isWillFlag()) {
            if (header.willQos() != 0) {
                throw malformed(v5 ? "MQTT-3.1.2-11" : "MQTT-3.1.2-13", "Will QoS must be 0 when the Will Flag is 0");
            }
            if (header.isWillRetain()) {
                throw malformed(v5 ? "MQTT-3.1.2-13" : "MQTT-3.1.2-15", "Will Retain must be 0 when the Will Flag is 0");
            }
        } else if (header.willQos() == 3) {
            throw malformed(v5 ? "MQTT-3.1.2-12" : "MQTT-3.1.2-14", "Will QoS must not be 3");
        }
        if (!v5 && header.hasPassword() && !header.hasUserName()) {
            throw malformed("MQTT-3.1.2-22", "Password Flag set without User Name Flag");
        }
        Will will = header.isWillFlag() ? will(header, payload, v5) : null;
        ConnectProperties properties = v5 ? connectProperties(header.properties()) : ConnectProperties.DEFAULTS;
        return new Connect(version, payload.clientIdentifier(), header.isCleanSession(),
                header.keepAliveTimeSeconds(), payload.userName(), payload.passwordInBytes(), will, properties);
    }

    private static Will will(MqttConnectVariableHeader header, MqttConnectPayload payload, boolean v5) {
        String topic = payload.willTopic();
        if (topic == null) {
            // Netty's decoder reads a will topic longer than 32,767 bytes as null instead of failing.
            throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "",
                    "Will Topic longer than 32,767 bytes is not accepted");
        }
        TopicNames.requireValidName(topic, "Will Topic");
        long delay = 0;
        MessageProperties properties = MessageProperties.NONE;
        if (v5) {
            InboundProperties p = new InboundProperties(payload.willProperties(), PropertyContext.WILL);
            Long willDelay = p.fourByteInteger(MqttProperties.WILL_DELAY_INTERVAL);
            delay = willDelay == null ? 0 : willDelay;
            properties = p.messageProperties();
        }
        return new Will(topic, payload.willMessageInBytes(), Qos.of(header.willQos()), header.isWillRetain(), delay,
                properties);
    }

    private static ConnectProperties connectProperties(MqttProperties properties) {
        InboundProperties p = new InboundProperties(properties, PropertyContext.CONNECT);
        ConnectProperties d = ConnectProperties.DEFAULTS;
        Long sessionExpiry = p.fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL);
        Integer receiveMaximum = p.nonZero(MqttProperties.RECEIVE_MAXIMUM, "Receive Maximum");
        Long maximumPacketSize = p.nonZeroFourByteInteger(MqttProperties.MAXIMUM_PACKET_SIZE, "Maximum Packet Size");
        Integer topicAliasMaximum = p.integer(MqttProperties.TOPIC_ALIAS_MAXIMUM);
        Boolean responseInformation =
                p.flag(MqttProperties.REQUEST_RESPONSE_INFORMATION, "Request Response Information");
        Boolean problemInformation = p.flag(MqttProperties.REQUEST_PROBLEM_INFORMATION, "Request Problem Information");
        return new ConnectProperties(
                sessionExpiry == null ? d.sessionExpiryIntervalSeconds() : sessionExpiry,
                receiveMaximum == null ? d.receiveMaximum() : receiveMaximum,
                maximumPacketSize == null ? d.maximumPacketSize() : maximumPacketSize,
                topicAliasMaximum == null ? d.topicAliasMaximum() : topicAliasMaximum,
                responseInformation == null ? d.requestResponseInformation() : responseInformation,
                problemInformation == null ? d.requestProblemInformation() : problemInformation,
                p.userProperties(),
                p.authenticationMethod(),
                p.binary(MqttProperties.AUTHENTICATION_DATA));
    }

    static ConnAck connAck(MqttConnAckMessage message, MqttVersion version) {
        MqttConnAckVariableHeader header = message.variableHeader();
        int code = header.connectReturnCode().byteValue() & 0xFF;
        ReasonCode reasonCode;
        ConnAckProperties properties = ConnAckProperties.NONE;
        if (version.isV5()) {
            reasonCode = AllowedReasonCodes.require(PacketType.CONNACK, code);
            properties = connAckProperties(header.properties());
        } else if (code <= 5) {
            reasonCode = ReasonCode.ofV3ConnectReturnCode(code);
        } else {
            throw malformed("", String.format("CONNACK return code 0x%02X is not defined for 3.1.1", code));
        }
        if (header.isSessionPresent() && reasonCode.isError()) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, version.isV5() ? "MQTT-3.2.2-6" : "MQTT-3.2.2-4",
                    "Session Present must be 0 in a refusing CONNACK");
        }
        return new ConnAck(header.isSessionPresent(), reasonCode, properties);
    }

    private static ConnAckProperties connAckProperties(MqttProperties properties) {
        InboundProperties p = new InboundProperties(properties, PropertyContext.CONNACK);
        Integer maximumQos = p.integer(MqttProperties.MAXIMUM_QOS);
        if (maximumQos != null && maximumQos != 0 && maximumQos != 1) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", "Maximum QoS must be 0 or 1, was " + maximumQos);
        }
        ConnAckProperties.Builder b = ConnAckProperties.builder()
                .sessionExpiryIntervalSeconds(p.fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL))
                .receiveMaximum(p.nonZero(MqttProperties.RECEIVE_MAXIMUM, "Receive Maximum"))
                .maximumQos(maximumQos)
                .retainAvailable(p.flag(MqttProperties.RETAIN_AVAILABLE, "Retain Available"))
                .maximumPacketSize(p.nonZeroFourByteInteger(MqttProperties.MAXIMUM_PACKET_SIZE, "Maximum Packet Size"))
                .assignedClientIdentifier(p.string(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER))
                .topicAliasMaximum(p.integer(MqttProperties.TOPIC_ALIAS_MAXIMUM))
                .reasonString(p.string(MqttProperties.REASON_STRING))
                .wildcardSubscriptionAvailable(
                        p.flag(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, "Wildcard Subscription Available"))
                .subscriptionIdentifiersAvailable(
                        p.flag(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, "Subscription Identifier Available"))
                .sharedSubscriptionAvailable(
                        p.flag(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, "Shared Subscription Available"))
                .serverKeepAliveSeconds(p.integer(MqttProperties.SERVER_KEEP_ALIVE))
                .responseInformation(p.string(MqttProperties.RESPONSE_INFORMATION))
                .serverReference(p.string(MqttProperties.SERVER_REFERENCE))
                .authenticationMethod(p.authenticationMethod())
                .authenticationData(p.binary(MqttProperties.AUTHENTICATION_DATA));
        p.userProperties().forEach(b::userProperty);
        return b.build();
    }

    private static ProtocolViolation malformed(String clause, String message) {
        return new ProtocolViolation(ReasonCode.MALFORMED_PACKET, clause, message);
    }
}
