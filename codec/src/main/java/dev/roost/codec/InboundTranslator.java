package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PingResp;
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
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one successfully decoded Netty {@link MqttMessage} into a {@link Packet}, copying every byte it keeps (the
 * caller releases the message), and makes the per-packet checks Netty's decoder leaves out (table in
 * {@link PacketTranslator}). Stateless apart from the side it serves.
 */
final class InboundTranslator {
    private final ConnectionSide side;

    InboundTranslator(ConnectionSide side) {
        this.side = side;
    }

    /**
     * @param version the version Netty decoded {@code message} with (ignored for CONNECT, which names its own)
     * @throws ProtocolViolation when the packet breaks a rule Netty does not check
     */
    Packet translate(MqttMessage message, MqttVersion version) {
        MqttFixedHeader fixed = message.fixedHeader();
        return switch (fixed.messageType()) {
            case CONNECT -> ConnectDecoding.connect((MqttConnectMessage) message);
            case CONNACK -> ConnectDecoding.connAck((MqttConnAckMessage) message, version);
            case PUBLISH -> publish((MqttPublishMessage) message, version);
            case PUBACK -> {
                PublishAck a = publishAck(message, PacketType.PUBACK, version);
                yield new PubAck(a.packetId, a.reasonCode, a.properties);
            }
            case PUBREC -> {
                PublishAck a = publishAck(message, PacketType.PUBREC, version);
                yield new PubRec(a.packetId, a.reasonCode, a.properties);
            }
            case PUBREL -> {
                PublishAck a = publishAck(message, PacketType.PUBREL, version);
                yield new PubRel(a.packetId, a.reasonCode, a.properties);
            }
            case PUBCOMP -> {
                PublishAck a = publishAck(message, PacketType.PUBCOMP, version);
                yield new PubComp(a.packetId, a.reasonCode, a.properties);
            }
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) message, version);
            case SUBACK -> subAck((MqttSubAckMessage) message, version);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) message, version);
            case UNSUBACK -> unsubAck((MqttUnsubAckMessage) message, version);
            case PINGREQ -> PingReq.INSTANCE;
            case PINGRESP -> PingResp.INSTANCE;
            case DISCONNECT -> disconnect(message, version);
            case AUTH -> auth(message);
        };
    }

    /** @return the packet type of a decoded fixed header */
    static PacketType typeOf(MqttFixedHeader header) {
        return PacketType.values()[header.messageType().value() - 1];
    }

    private Publish publish(MqttPublishMessage message, MqttVersion version) {
        MqttFixedHeader fixed = message.fixedHeader();
        Qos qos = Qos.of(fixed.qosLevel().value());
        if (qos == Qos.AT_MOST_ONCE && fixed.isDup()) {
            throw malformed("MQTT-3.3.1-2", "DUP must be 0 for QoS 0");
        }
        MqttPublishVariableHeader header = message.variableHeader();
        String topic = header.topicName();
        int topicAlias = 0;
        List<Integer> subscriptionIds = List.of();
        MessageProperties properties = MessageProperties.NONE;
        if (version.isV5()) {
            InboundProperties p = new InboundProperties(header.properties(), PropertyContext.PUBLISH);
            Integer alias = p.integer(MqttProperties.TOPIC_ALIAS);
            if (alias != null && alias == 0) {
                throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "MQTT-3.3.2-8", "Topic Alias 0");
            }
            topicAlias = alias == null ? 0 : alias;
            subscriptionIds = p.subscriptionIdentifiers();
            if (side == ConnectionSide.SERVER && !subscriptionIds.isEmpty()) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.3.4-6",
                        "PUBLISH from a client must not carry a Subscription Identifier");
            }
            properties = p.messageProperties();
            if (topic.isEmpty() && topicAlias == 0) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                        "empty Topic Name without Topic Alias (3.3.2.1)");
            }
        } else if (topic.isEmpty()) {
            throw malformed("MQTT-4.7.3-1", "Topic Name must not be empty");
        }
        byte[] payload = ByteBufUtil.getBytes(message.payload());
        int packetId = qos == Qos.AT_MOST_ONCE ? 0 : header.packetId();
        return new Publish(topic, qos, fixed.isRetain(), fixed.isDup(), packetId, payload, topicAlias,
                subscriptionIds, properties);
    }

    private record PublishAck(int packetId, ReasonCode reasonCode, ReasonProperties properties) {
    }

    private static PublishAck publishAck(MqttMessage message, PacketType type, MqttVersion version) {
        MqttPubReplyMessageVariableHeader header = (MqttPubReplyMessageVariableHeader) message.variableHeader();
        if (!version.isV5()) {
            // Netty reads a reason code and properties whenever the remaining length allows, whatever the version.
            requireRemainingLength(message, 2, type);
            return new PublishAck(header.messageId(), ReasonCode.SUCCESS, ReasonProperties.NONE);
        }
        ReasonCode reasonCode = AllowedReasonCodes.require(type, header.reasonCode() & 0xFF);
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.PUBLISH_ACK);
        return new PublishAck(header.messageId(), reasonCode, reasonProperties(p));
    }

    private static Subscribe subscribe(MqttSubscribeMessage message, MqttVersion version) {
        MqttMessageIdAndPropertiesVariableHeader header = message.idAndPropertiesVariableHeader();
        List<MqttTopicSubscription> topics = message.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            throw new ProtocolViolation(version.isV5() ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                    version.isV5() ? "MQTT-3.8.3-2" : "MQTT-3.8.3-3", "SUBSCRIBE without a Topic Filter");
        }
        List<Subscription> subscriptions = new ArrayList<>(topics.size());
        for (MqttTopicSubscription topic : topics) {
            MqttSubscriptionOption option = topic.option();
            boolean v5Options = option.isNoLocal() || option.isRetainAsPublished()
                    || option.retainHandling().value() != 0;
            if (!version.isV5() && v5Options) {
                throw malformed("MQTT-3.8.3-4", "reserved bits of the requested QoS byte must be 0");
            }
            subscriptions.add(new Subscription(topic.topicFilter(), Qos.of(option.qos().value()), option.isNoLocal(),
                    option.isRetainAsPublished(), option.retainHandling().value()));
        }
        if (!version.isV5()) {
            return new Subscribe(header.messageId(), subscriptions, 0, List.of());
        }
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.SUBSCRIBE);
        List<Integer> ids = p.subscriptionIdentifiers();
        if (ids.size() > 1) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    "SUBSCRIBE with more than one Subscription Identifier (3.8.2.1.2)");
        }
        return new Subscribe(header.messageId(), subscriptions, ids.isEmpty() ? 0 : ids.get(0), p.userProperties());
    }

    private static SubAck subAck(MqttSubAckMessage message, MqttVersion version) {
        MqttMessageIdAndPropertiesVariableHeader header = message.idAndPropertiesVariableHeader();
        List<ReasonCode> codes = new ArrayList<>();
        for (MqttReasonCodes.SubAck typed : message.payload().typedReasonCodes()) {
            // Netty's decoder leaves null where a byte has no constant of its own
            if (typed == null) {
                throw malformed(version.isV5() ? "" : "MQTT-3.9.3-2", "SUBACK carries an undefined reason code");
            }
            int code = typed.byteValue() & 0xFF;
            if (version.isV5()) {
                codes.add(AllowedReasonCodes.require(PacketType.SUBACK, code));
            } else if (code <= 2) {
                codes.add(ReasonCode.grantedQos(Qos.of(code)));
            } else if (code == 0x80) {
                codes.add(ReasonCode.UNSPECIFIED_ERROR);
            } else {
                throw malformed("MQTT-3.9.3-2", String.format("SUBACK return code 0x%02X", code));
            }
        }
        ReasonProperties properties = version.isV5()
                ? reasonProperties(new InboundProperties(header.properties(), PropertyContext.SUBACK))
                : ReasonProperties.NONE;
        return new SubAck(header.messageId(), codes, properties);
    }

    private static Unsubscribe unsubscribe(MqttUnsubscribeMessage message, MqttVersion version) {
        MqttMessageIdAndPropertiesVariableHeader header = message.idAndPropertiesVariableHeader();
        List<String> filters = message.payload().topics();
        if (filters.isEmpty()) {
            throw new ProtocolViolation(version.isV5() ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                    "MQTT-3.10.3-2", "UNSUBSCRIBE without a Topic Filter");
        }
        if (!version.isV5()) {
            return new Unsubscribe(header.messageId(), filters, List.of());
        }
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.UNSUBSCRIBE);
        return new Unsubscribe(header.messageId(), filters, p.userProperties());
    }

    private static UnsubAck unsubAck(MqttUnsubAckMessage message, MqttVersion version) {
        MqttMessageIdAndPropertiesVariableHeader header = message.idAndPropertiesVariableHeader();
        if (!version.isV5()) {
            requireRemainingLength(message, 2, PacketType.UNSUBACK);
            return new UnsubAck(header.messageId(), List.of(), ReasonProperties.NONE);
        }
        List<ReasonCode> codes = new ArrayList<>();
        for (MqttReasonCodes.UnsubAck typed : message.payload().typedReasonCodes()) {
            if (typed == null) {
                throw malformed("", "UNSUBACK carries an undefined reason code");
            }
            codes.add(AllowedReasonCodes.require(PacketType.UNSUBACK, typed.byteValue() & 0xFF));
        }
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.UNSUBACK);
        return new UnsubAck(header.messageId(), codes, reasonProperties(p));
    }

    private static Disconnect disconnect(MqttMessage message, MqttVersion version) {
        if (!version.isV5()) {
            requireRemainingLength(message, 0, PacketType.DISCONNECT);
            return Disconnect.NORMAL;
        }
        MqttReasonCodeAndPropertiesVariableHeader header =
                (MqttReasonCodeAndPropertiesVariableHeader) message.variableHeader();
        ReasonCode reasonCode = AllowedReasonCodes.require(PacketType.DISCONNECT, header.reasonCode() & 0xFF);
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.DISCONNECT);
        return new Disconnect(reasonCode, p.fourByteInteger(MqttProperties.SESSION_EXPIRY_INTERVAL),
                p.string(MqttProperties.SERVER_REFERENCE), reasonProperties(p));
    }

    private static Auth auth(MqttMessage message) {
        // Netty's decoder rejects AUTH unless the channel speaks 5.0.
        MqttReasonCodeAndPropertiesVariableHeader header =
                (MqttReasonCodeAndPropertiesVariableHeader) message.variableHeader();
        ReasonCode reasonCode = AllowedReasonCodes.require(PacketType.AUTH, header.reasonCode() & 0xFF);
        InboundProperties p = new InboundProperties(header.properties(), PropertyContext.AUTH);
        return new Auth(reasonCode, p.authenticationMethod(), p.binary(MqttProperties.AUTHENTICATION_DATA),
                reasonProperties(p));
    }

    private static ReasonProperties reasonProperties(InboundProperties p) {
        return new ReasonProperties(p.string(MqttProperties.REASON_STRING), p.userProperties());
    }

    private static void requireRemainingLength(MqttMessage message, int expected, PacketType type) {
        int actual = message.fixedHeader().remainingLength();
        if (actual != expected) {
            throw malformed("", type + " of 3.1.1 must have Remaining Length " + expected + ", had " + actual);
        }
    }

    private static ProtocolViolation malformed(String clause, String message) {
        return new ProtocolViolation(ReasonCode.MALFORMED_PACKET, clause, message);
    }
}
