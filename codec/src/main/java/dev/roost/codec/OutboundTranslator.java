package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.ReasonProperties;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.UnsubAck;
import dev.roost.protocol.packet.Unsubscribe;
import dev.roost.protocol.packet.Will;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Packet} into the Netty {@link MqttMessage} that {@code MqttEncoder} writes for the given version.
 * For 5.0 only present properties are set; for 3.1.x every 5.0-only field is dropped, a CONNACK carries
 * {@link ReasonCode#v3ConnectReturnCode()} and a SUBACK error becomes 0x80. A packet that cannot be expressed (AUTH
 * for 3.1.1, a reason code its packet type does not define) throws {@link IllegalArgumentException}. Stateless.
 *
 * <p>The only buffer created is a PUBLISH payload that wraps the packet's array; Netty's encoder releases it.
 */
final class OutboundTranslator {
    MqttMessage translate(Packet packet, MqttVersion version) {
        boolean v5 = version.isV5();
        return switch (packet.type()) {
            case CONNECT -> connect((Connect) packet);
            case CONNACK -> connAck((ConnAck) packet, v5);
            case PUBLISH -> publish((Publish) packet, v5);
            case PUBACK -> {
                PubAck a = (PubAck) packet;
                yield publishAck(PacketType.PUBACK, a.packetId(), a.reasonCode(), a.properties(), v5);
            }
            case PUBREC -> {
                PubRec a = (PubRec) packet;
                yield publishAck(PacketType.PUBREC, a.packetId(), a.reasonCode(), a.properties(), v5);
            }
            case PUBREL -> {
                PubRel a = (PubRel) packet;
                yield publishAck(PacketType.PUBREL, a.packetId(), a.reasonCode(), a.properties(), v5);
            }
            case PUBCOMP -> {
                PubComp a = (PubComp) packet;
                yield publishAck(PacketType.PUBCOMP, a.packetId(), a.reasonCode(), a.properties(), v5);
            }
            case SUBSCRIBE -> subscribe((Subscribe) packet, v5);
            case SUBACK -> subAck((SubAck) packet, v5);
            case UNSUBSCRIBE -> unsubscribe((Unsubscribe) packet, v5);
            case UNSUBACK -> unsubAck((UnsubAck) packet, v5);
            case PINGREQ -> new MqttMessage(fixedHeader(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE));
            case PINGRESP -> new MqttMessage(fixedHeader(MqttMessageType.PINGRESP, MqttQoS.AT_MOST_ONCE));
            case DISCONNECT -> disconnect((Disconnect) packet, v5);
            case AUTH -> auth((Auth) packet, v5);
        };
    }

    private static MqttConnectMessage connect(Connect c) {
        boolean v5 = c.version().isV5();
        Will will = c.will();
        MqttProperties properties = v5 ? connectProperties(c.properties()) : MqttProperties.NO_PROPERTIES;
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(c.version().protocolName(),
                c.version().level(), c.username() != null, c.password() != null, will != null && will.retain(),
                will == null ? 0 : will.qos().value(), will != null, c.cleanStart(), c.keepAliveSeconds(),
                properties);
        MqttProperties willProperties = MqttProperties.NO_PROPERTIES;
        if (will != null && v5) {
            willProperties = new OutboundProperties()
                    .fourByteInteger(MqttProperties.WILL_DELAY_INTERVAL,
                            will.delayIntervalSeconds() == 0 ? null : will.delayIntervalSeconds())
                    .message(will.properties())
                    .build();
        }
        MqttConnectPayload payload = new MqttConnectPayload(c.clientId(), willProperties,
                will == null ? null : will.topic(), will == null ? null : will.payload(), c.username(), c.password());
        return new MqttConnectMessage(fixedHeader(MqttMessageType.CONNECT, MqttQoS.AT_MOST_ONCE), header, payload);
    }

    private static MqttProperties connectProperties(ConnectProperties p) {
        ConnectProperties d = ConnectProperties.DEFAULTS;
        return new OutboundProperties()
                .fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL,
                        p.sessionExpiryIntervalSeconds() == d.sessionExpiryIntervalSeconds()
                                ? null : p.sessionExpiryIntervalSeconds())
                .integer(MqttProperties.RECEIVE_MAXIMUM,
                        p.receiveMaximum() == d.receiveMaximum() ? null : p.receiveMaximum())
                .fourByteInteger(MqttProperties.MAXIMUM_PACKET_SIZE,
                        p.maximumPacketSize() == d.maximumPacketSize() ? null : p.maximumPacketSize())
                .integer(MqttProperties.TOPIC_ALIAS_MAXIMUM,
                        p.topicAliasMaximum() == d.topicAliasMaximum() ? null : p.topicAliasMaximum())
                .flag(MqttProperties.REQUEST_RESPONSE_INFORMATION,
                        p.requestResponseInformation() == d.requestResponseInformation()
                                ? null : p.requestResponseInformation())
                .flag(MqttProperties.REQUEST_PROBLEM_INFORMATION,
                        p.requestProblemInformation() == d.requestProblemInformation()
                                ? null : p.requestProblemInformation())
                .userProperties(p.userProperties())
                .string(MqttProperties.AUTHENTICATION_METHOD, p.authenticationMethod())
                .binary(MqttProperties.AUTHENTICATION_DATA, p.authenticationData())
                .build();
    }

    private static MqttConnAckMessage connAck(ConnAck c, boolean v5) {
        int code;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (v5) {
            requireAllowed(PacketType.CONNACK, c.reasonCode());
            code = c.reasonCode().code();
            properties = connAckProperties(c.properties());
        } else {
            code = c.reasonCode().v3ConnectReturnCode();
        }
        MqttConnAckVariableHeader header = new MqttConnAckVariableHeader(
                MqttConnectReturnCode.valueOf((byte) code), c.sessionPresent(), properties);
        return new MqttConnAckMessage(fixedHeader(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE), header);
    }

    private static MqttProperties connAckProperties(ConnAckProperties p) {
        return new OutboundProperties()
                .fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL, p.sessionExpiryIntervalSeconds())
                .integer(MqttProperties.RECEIVE_MAXIMUM, p.receiveMaximum())
                .integer(MqttProperties.MAXIMUM_QOS, p.maximumQos())
                .flag(MqttProperties.RETAIN_AVAILABLE, p.retainAvailable())
                .fourByteInteger(MqttProperties.MAXIMUM_PACKET_SIZE, p.maximumPacketSize())
                .string(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, p.assignedClientIdentifier())
                .integer(MqttProperties.TOPIC_ALIAS_MAXIMUM, p.topicAliasMaximum())
                .string(MqttProperties.REASON_STRING, p.reasonString())
                .userProperties(p.userProperties())
                .flag(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, p.wildcardSubscriptionAvailable())
                .flag(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, p.subscriptionIdentifiersAvailable())
                .flag(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, p.sharedSubscriptionAvailable())
                .integer(MqttProperties.SERVER_KEEP_ALIVE, p.serverKeepAliveSeconds())
                .string(MqttProperties.RESPONSE_INFORMATION, p.responseInformation())
                .string(MqttProperties.SERVER_REFERENCE, p.serverReference())
                .string(MqttProperties.AUTHENTICATION_METHOD, p.authenticationMethod())
                .binary(MqttProperties.AUTHENTICATION_DATA, p.authenticationData())
                .build();
    }

    private static MqttPublishMessage publish(Publish p, boolean v5) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (v5) {
            properties = new OutboundProperties()
                    .message(p.properties())
                    .subscriptionIdentifiers(p.subscriptionIdentifiers())
                    .integer(MqttProperties.TOPIC_ALIAS, p.topicAlias() == 0 ? null : p.topicAlias())
                    .build();
        }
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, p.dup(), nettyQos(p.qos()), p.retain(),
                0);
        int packetId = p.qos() == Qos.AT_MOST_ONCE ? 0 : p.packetId();
        MqttPublishVariableHeader header = new MqttPublishVariableHeader(p.topic(), packetId, properties);
        // Created last: nothing can throw between wrapping the payload and handing the message on.
        return new MqttPublishMessage(fixed, header, Unpooled.wrappedBuffer(p.payload()));
    }

    private static MqttMessage publishAck(PacketType type, int packetId, ReasonCode reasonCode,
                                          ReasonProperties reasonProperties, boolean v5) {
        MqttQoS qos = type == PacketType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        MqttFixedHeader fixed = fixedHeader(MqttMessageType.valueOf(type.value()), qos);
        if (!v5) {
            return new MqttMessage(fixed, new MqttPubReplyMessageVariableHeader(packetId,
                    MqttPubReplyMessageVariableHeader.REASON_CODE_OK, MqttProperties.NO_PROPERTIES));
        }
        requireAllowed(type, reasonCode);
        return new MqttMessage(fixed, new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode.code(),
                new OutboundProperties().reason(reasonProperties).build()));
    }

    private static MqttSubscribeMessage subscribe(Subscribe s, boolean v5) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (v5) {
            properties = new OutboundProperties()
                    .integer(MqttProperties.SUBSCRIPTION_IDENTIFIER,
                            s.subscriptionIdentifier() == 0 ? null : s.subscriptionIdentifier())
                    .userProperties(s.userProperties())
                    .build();
        }
        List<MqttTopicSubscription> topics = new ArrayList<>(s.subscriptions().size());
        for (Subscription sub : s.subscriptions()) {
            MqttSubscriptionOption option = new MqttSubscriptionOption(nettyQos(sub.qos()), sub.noLocal(),
                    sub.retainAsPublished(),
                    MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(sub.retainHandling()));
            topics.add(new MqttTopicSubscription(sub.filter(), option));
        }
        return new MqttSubscribeMessage(fixedHeader(MqttMessageType.SUBSCRIBE, MqttQoS.AT_LEAST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(s.packetId(), properties),
                new MqttSubscribePayload(topics));
    }

    private static MqttSubAckMessage subAck(SubAck s, boolean v5) {
        int[] codes = new int[s.reasonCodes().size()];
        for (int i = 0; i < codes.length; i++) {
            ReasonCode code = s.reasonCodes().get(i);
            if (v5) {
                requireAllowed(PacketType.SUBACK, code);
                codes[i] = code.code();
            } else {
                codes[i] = code.isError() ? 0x80 : code.code();
            }
        }
        MqttProperties properties = v5 ? new OutboundProperties().reason(s.properties()).build()
                : MqttProperties.NO_PROPERTIES;
        return new MqttSubAckMessage(fixedHeader(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(s.packetId(), properties), new MqttSubAckPayload(codes));
    }

    private static MqttUnsubscribeMessage unsubscribe(Unsubscribe u, boolean v5) {
        MqttProperties properties = v5 ? new OutboundProperties().userProperties(u.userProperties()).build()
                : MqttProperties.NO_PROPERTIES;
        return new MqttUnsubscribeMessage(fixedHeader(MqttMessageType.UNSUBSCRIBE, MqttQoS.AT_LEAST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(u.packetId(), properties),
                new MqttUnsubscribePayload(u.filters()));
    }

    private static MqttUnsubAckMessage unsubAck(UnsubAck u, boolean v5) {
        MqttFixedHeader fixed = fixedHeader(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE);
        if (!v5) {
            return new MqttUnsubAckMessage(fixed,
                    new MqttMessageIdAndPropertiesVariableHeader(u.packetId(), MqttProperties.NO_PROPERTIES),
                    new MqttUnsubAckPayload());
        }
        short[] codes = new short[u.reasonCodes().size()];
        for (int i = 0; i < codes.length; i++) {
            requireAllowed(PacketType.UNSUBACK, u.reasonCodes().get(i));
            codes[i] = (short) u.reasonCodes().get(i).code();
        }
        return new MqttUnsubAckMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(u.packetId(),
                new OutboundProperties().reason(u.properties()).build()), new MqttUnsubAckPayload(codes));
    }

    private static MqttMessage disconnect(Disconnect d, boolean v5) {
        MqttFixedHeader fixed = fixedHeader(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE);
        if (!v5) {
            return new MqttMessage(fixed);
        }
        requireAllowed(PacketType.DISCONNECT, d.reasonCode());
        MqttProperties properties = new OutboundProperties()
                .fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL, d.sessionExpiryIntervalSeconds())
                .string(MqttProperties.SERVER_REFERENCE, d.serverReference())
                .reason(d.properties())
                .build();
        return new MqttMessage(fixed,
                new MqttReasonCodeAndPropertiesVariableHeader((byte) d.reasonCode().code(), properties));
    }

    private static MqttMessage auth(Auth a, boolean v5) {
        if (!v5) {
            throw new IllegalArgumentException("AUTH exists only in MQTT 5.0");
        }
        requireAllowed(PacketType.AUTH, a.reasonCode());
        MqttProperties properties = new OutboundProperties()
                .string(MqttProperties.AUTHENTICATION_METHOD, a.authenticationMethod())
                .binary(MqttProperties.AUTHENTICATION_DATA, a.authenticationData())
                .reason(a.properties())
                .build();
        return new MqttMessage(fixedHeader(MqttMessageType.AUTH, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) a.reasonCode().code(), properties));
    }

    private static void requireAllowed(PacketType type, ReasonCode reasonCode) {
        if (!AllowedReasonCodes.allows(type, reasonCode)) {
            throw new IllegalArgumentException(reasonCode + " is not a reason code of " + type);
        }
    }

    private static MqttFixedHeader fixedHeader(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    private static MqttQoS nettyQos(Qos qos) {
        return MqttQoS.valueOf(qos.value());
    }
}
