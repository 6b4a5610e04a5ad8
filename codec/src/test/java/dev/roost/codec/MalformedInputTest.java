package dev.roost.codec;

import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one row each: what it is, what the server's pipeline had accepted before ({@code null}: nothing), the
 * bytes, and the {@link DecodeFailure} expected in place of a packet.
 */
class MalformedInputTest {

    record Row(String name, MqttVersion connectedAs, byte[] bytes, ReasonCode reasonCode, PacketType packetType,
               boolean beforeConnect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final MqttVersion NOTHING = null;
    private static final MqttVersion V311 = MqttVersion.V3_1_1;
    private static final MqttVersion V5 = MqttVersion.V5;
    private static final ReasonCode MALFORMED = ReasonCode.MALFORMED_PACKET;
    private static final ReasonCode PROTOCOL = ReasonCode.PROTOCOL_ERROR;

    static Stream<Row> rows() {
        return Stream.of(
                // ---- before CONNECT: the broker answers with CONNACK ----
                new Row("[MQTT-3.1.2-2] CONNECT with protocol level 6", NOTHING, bytes(
                        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T',
                        // level 6
                        0x06, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'),
                        ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-1] CONNECT naming MQTT with level 3", NOTHING, bytes(
                        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T',
                        // level 3 belongs to "MQIsdp"
                        0x03, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'),
                        ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-3] CONNECT with the reserved flag set", NOTHING, bytes(
                        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                        // clean session + reserved bit 0
                        0b0000_0011, 0x00, 0x3C, 0x00, 0x01, 'c'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-11] CONNECT 5.0 with Will QoS but no Will Flag", NOTHING, bytes(
                        0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                        // will QoS 1, no will flag, clean start
                        0b0000_1010, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-15] CONNECT 3.1.1 with Will Retain but no Will Flag", NOTHING, bytes(
                        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                        // will retain, no will flag, clean session
                        0b0010_0010, 0x00, 0x3C, 0x00, 0x01, 'c'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-14] CONNECT with Will QoS 3", NOTHING, bytes(
                        0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                        // will QoS 3, will flag, clean session
                        0b0001_1110, 0x00, 0x3C, 0x00, 0x01, 'c',
                        // will topic "w", will payload "x"
                        0x00, 0x01, 'w', 0x00, 0x01, 'x'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.2-22] CONNECT 3.1.1 with password but no user name", NOTHING, bytes(
                        0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                        // password flag, clean session
                        0b0100_0010, 0x00, 0x3C, 0x00, 0x01, 'c',
                        // password "p"
                        0x00, 0x01, 'p'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT 3.1 with an empty client identifier", NOTHING, bytes(
                        0x10, 0x0E, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3C,
                        // client id ""
                        0x00, 0x00),
                        ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, PacketType.CONNECT, true),
                new Row("[MQTT-1.5.4-1] CONNECT client identifier with ill-formed UTF-8", NOTHING, bytes(
                        0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C,
                        // 0xC3 must be followed by a continuation byte
                        0x00, 0x02, 0xC3, 0x28),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-1.5.4-2] CONNECT client identifier with U+0000", NOTHING, bytes(
                        0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C,
                        0x00, 0x02, 'a', 0x00),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT 5.0 with Receive Maximum 0", NOTHING, bytes(
                        0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                        // properties, length 3: receive maximum 0
                        0x03, 0x21, 0x00, 0x00,
                        0x00, 0x01, 'c'),
                        PROTOCOL, PacketType.CONNECT, true),
                new Row("CONNECT 5.0 with a Topic Alias property", NOTHING, bytes(
                        0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                        // properties, length 3: topic alias 1 (a PUBLISH property)
                        0x03, 0x23, 0x00, 0x01,
                        0x00, 0x01, 'c'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT with a byte after its payload", NOTHING, bytes(
                        0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c',
                        // one byte more than the fields
                        0x00),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT with a Will Topic longer than Netty reads (32,767 bytes)", NOTHING,
                        connectWithWillTopicOfLength(32_768), ReasonCode.TOPIC_NAME_INVALID, PacketType.CONNECT,
                        true),
                new Row("[MQTT-4.7.1-1] CONNECT with a wildcard in the Will Topic", NOTHING, bytes(
                        0x10, 0x13, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                        // will flag, clean session
                        0b0000_0110, 0x00, 0x3C, 0x00, 0x01, 'c',
                        // will topic "#", will payload "x"
                        0x00, 0x01, '#', 0x00, 0x01, 'x'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-5.0 §2.2.2.2] CONNECT 5.0 with Session Expiry Interval twice", NOTHING, bytes(
                        0x10, 0x18, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                        // properties, length 10: session expiry interval 1, session expiry interval 2
                        0x0A, 0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02,
                        0x00, 0x01, 'c'),
                        PROTOCOL, PacketType.CONNECT, true),
                new Row("[MQTT-5.0 §2.2.2.2] CONNECT 5.0 with Will Delay Interval twice", NOTHING, bytes(
                        0x10, 0x1F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                        // will flag, clean start; no properties; client id "c"
                        0b0000_0110, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c',
                        // will properties, length 10: will delay interval 1, will delay interval 2
                        0x0A, 0x18, 0x00, 0x00, 0x00, 0x01, 0x18, 0x00, 0x00, 0x00, 0x02,
                        // will topic "w", will payload "x"
                        0x00, 0x01, 'w', 0x00, 0x01, 'x'),
                        PROTOCOL, PacketType.CONNECT, true),
                new Row("CONNECT whose Protocol Name runs past the packet", NOTHING,
                        bytes(0x10, 0x03, 0x00, 0x04, 'M'), MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT whose Client Identifier runs past the packet", NOTHING, bytes(
                        0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C,
                        // client id of 5 bytes, 1 left
                        0x00, 0x05, 'c'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("CONNECT 5.0 whose Password runs past the packet", NOTHING, bytes(
                        0x10, 0x14, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                        // user name and password flags, clean start; no properties; client id "c"
                        0b1100_0010, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c',
                        // user name "u", password of 9 bytes, 1 left
                        0x00, 0x01, 'u', 0x00, 0x09, 'p'),
                        MALFORMED, PacketType.CONNECT, true),
                new Row("[MQTT-3.1.0-1] PUBLISH before CONNECT", NOTHING, bytes(0x30, 0x03, 0x00, 0x01, 't'),
                        PROTOCOL, PacketType.PUBLISH, true),
                new Row("packet type 0", NOTHING, bytes(0x00, 0x00), MALFORMED, null, true),
                new Row("Remaining Length of five bytes", NOTHING, bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
                        MALFORMED, null, true),

                // ---- after a 3.1.1 CONNECT: the broker just closes ----
                new Row("[MQTT-3.3.1-4] PUBLISH with QoS 3", V311, bytes(0x36, 0x05, 0x00, 0x01, 't', 0x00, 0x01),
                        MALFORMED, null, false),
                new Row("[MQTT-3.3.1-2] PUBLISH QoS 0 with DUP", V311, bytes(0x38, 0x03, 0x00, 0x01, 't'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("[MQTT-3.3.2-2] PUBLISH topic with a wildcard", V311, bytes(0x30, 0x03, 0x00, 0x01, '#'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("[MQTT-4.7.3-1] PUBLISH 3.1.1 with an empty topic", V311, bytes(0x30, 0x03, 0x00, 0x00, 'p'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBLISH topic running past the Remaining Length", V311, bytes(
                        // remaining length 3, but the topic claims 5 bytes
                        0x30, 0x03, 0x00, 0x05, 't', 'o', 'p', 'i', 'c'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBLISH topic running past the Remaining Length, with nothing after it", V311,
                        bytes(0x30, 0x03, 0x00, 0x05, 't'), MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBACK with Remaining Length 1", V311, bytes(0x40, 0x01, 0x00),
                        MALFORMED, PacketType.PUBACK, false),
                new Row("[MQTT-2.2.1-3] PUBLISH QoS 1 with packet id 0", V311,
                        bytes(0x32, 0x05, 0x00, 0x01, 't', 0x00, 0x00), MALFORMED, PacketType.PUBLISH, false),
                new Row("packet larger than the maximum packet size", V311, bytes(
                        // PUBLISH, remaining length 2,097,152 (> 1 MiB)
                        0x30, 0x80, 0x80, 0x80, 0x01,
                        0x00, 0x01, 't'),
                        ReasonCode.PACKET_TOO_LARGE, PacketType.PUBLISH, false),
                new Row("[MQTT-3.6.1-1] PUBREL with flags 0000", V311, bytes(0x60, 0x02, 0x00, 0x01),
                        MALFORMED, null, false),
                new Row("[MQTT-3.8.1-1] SUBSCRIBE with flags 0000", V311,
                        bytes(0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0x00), MALFORMED, null, false),
                new Row("[MQTT-3.10.1-1] UNSUBSCRIBE with flags 0000", V311,
                        bytes(0xA0, 0x05, 0x00, 0x01, 0x00, 0x01, 't'), MALFORMED, null, false),
                new Row("[MQTT-2.1.3-1] DISCONNECT with flags 0001", V311, bytes(0xE1, 0x00), MALFORMED, null, false),
                new Row("[MQTT-3.8.3-3] SUBSCRIBE 3.1.1 without a topic filter", V311, bytes(0x82, 0x02, 0x00, 0x01),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-4] SUBSCRIBE 3.1.1 with the No Local bit", V311,
                        bytes(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0b0000_0101),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-4] SUBSCRIBE 3.1.1 with bit 6 of the Requested QoS byte", V311,
                        bytes(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0b0100_0000),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-4] SUBSCRIBE 3.1.1 with bit 7 of the Requested QoS byte", V311,
                        bytes(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 't', 0b1000_0001),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("SUBSCRIBE 3.1.1 whose second topic filter runs past the packet", V311, bytes(
                        0x82, 0x09, 0x00, 0x01, 0x00, 0x01, 't', 0x00,
                        // filter of 3 bytes, 1 left
                        0x00, 0x03, 'a'),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("UNSUBSCRIBE 3.1.1 whose topic filter runs past the packet", V311,
                        bytes(0xA2, 0x04, 0x00, 0x01, 0x00, 0x07), MALFORMED, PacketType.UNSUBSCRIBE, false),
                new Row("PUBACK 3.1.1 with a reason code byte", V311, bytes(0x40, 0x03, 0x00, 0x01, 0x10),
                        MALFORMED, PacketType.PUBACK, false),
                new Row("PINGREQ with Remaining Length 1", V311, bytes(0xC0, 0x01, 0x00),
                        MALFORMED, PacketType.PINGREQ, false),
                new Row("AUTH on a 3.1.1 connection", V311, bytes(0xF0, 0x00), MALFORMED, null, false),
                new Row("[MQTT-3.1.0-2] second CONNECT", V311, TestChannels.minimalConnect(V311),
                        PROTOCOL, PacketType.CONNECT, false),
                new Row("SUBACK sent to a server", V311, bytes(0x90, 0x03, 0x00, 0x01, 0x00),
                        PROTOCOL, PacketType.SUBACK, false),

                // ---- after a 5.0 CONNECT: the broker sends DISCONNECT with the reason code ----
                new Row("[MQTT-3.8.3-2] SUBSCRIBE 5.0 without a topic filter", V5,
                        bytes(0x82, 0x03, 0x00, 0x01, 0x00), PROTOCOL, PacketType.SUBSCRIBE, false),
                new Row("SUBSCRIBE with Maximum QoS 3", V5,
                        bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0x03), PROTOCOL, PacketType.SUBSCRIBE,
                        false),
                new Row("SUBSCRIBE with Retain Handling 3", V5,
                        bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0b0011_0000), PROTOCOL,
                        PacketType.SUBSCRIBE, false),
                new Row("SUBSCRIBE with two Subscription Identifiers", V5, bytes(
                        0x82, 0x0B, 0x00, 0x01,
                        // properties, length 4: subscription identifiers 1 and 2
                        0x04, 0x0B, 0x01, 0x0B, 0x02,
                        0x00, 0x01, 't', 0x00),
                        PROTOCOL, PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-5] SUBSCRIBE with subscription option bit 6", V5,
                        bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0b0100_0000), MALFORMED,
                        PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-5] SUBSCRIBE with subscription option bit 7", V5,
                        bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0b1000_0001), MALFORMED,
                        PacketType.SUBSCRIBE, false),
                new Row("[MQTT-3.8.3-5] SUBSCRIBE with reserved option bits on its second filter", V5, bytes(
                        0x82, 0x0B, 0x00, 0x01, 0x00,
                        0x00, 0x01, 'a', 0x01,
                        0x00, 0x01, 'b', 0b1100_0001),
                        MALFORMED, PacketType.SUBSCRIBE, false),
                new Row("[MQTT-5.0 §2.2.2.2] PUBLISH with Payload Format Indicator twice", V5,
                        bytes(0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x01, 0x00, 0x01, 0x00),
                        PROTOCOL, PacketType.PUBLISH, false),
                new Row("[MQTT-3.3.4-6] PUBLISH from a client with two Subscription Identifiers", V5,
                        bytes(0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x0B, 0x01, 0x0B, 0x02),
                        PROTOCOL, PacketType.PUBLISH, false),
                new Row("[MQTT-5.0 §2.2.2.2] PUBACK with Reason String twice", V5, bytes(
                        0x40, 0x0C, 0x00, 0x01, 0x00,
                        // properties, length 8: reason string "a", reason string "b"
                        0x08, 0x1F, 0x00, 0x01, 'a', 0x1F, 0x00, 0x01, 'b'),
                        PROTOCOL, PacketType.PUBACK, false),
                new Row("[MQTT-5.0 §2.2.2.2] DISCONNECT with Session Expiry Interval twice", V5, bytes(
                        0xE0, 0x0C, 0x00,
                        0x0A, 0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02),
                        PROTOCOL, PacketType.DISCONNECT, false),
                new Row("PUBLISH 5.0 whose property section runs past the packet", V5,
                        // property length 10, 1 byte left
                        bytes(0x30, 0x05, 0x00, 0x01, 't', 0x0A, 0x01), MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBLISH 5.0 with a Property Length of five bytes", V5,
                        bytes(0x30, 0x08, 0x00, 0x01, 't', 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBLISH 5.0 whose Correlation Data runs past its property section", V5, bytes(
                        0x30, 0x08, 0x00, 0x01, 't',
                        // properties, length 4: correlation data of 9 bytes, 1 left
                        0x04, 0x09, 0x00, 0x09, 'x'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("UNSUBSCRIBE 5.0 whose User Property value runs past its property section", V5, bytes(
                        0xA2, 0x0D, 0x00, 0x01,
                        // properties, length 7: user property "k" with a value of 5 bytes, 1 left
                        0x07, 0x26, 0x00, 0x01, 'k', 0x00, 0x05, 'v',
                        0x00, 0x01, 'a'),
                        MALFORMED, PacketType.UNSUBSCRIBE, false),
                new Row("DISCONNECT 5.0 whose Reason String runs past its property section", V5,
                        bytes(0xE0, 0x06, 0x00, 0x04, 0x1F, 0x00, 0x05, 'a'), MALFORMED, PacketType.DISCONNECT,
                        false),
                new Row("AUTH whose Authentication Method length runs past its property section", V5,
                        bytes(0xF0, 0x04, 0x18, 0x02, 0x15, 0x00), MALFORMED, PacketType.AUTH, false),
                new Row("PUBREL 5.0 with Remaining Length 1", V5, bytes(0x62, 0x01, 0x00),
                        MALFORMED, PacketType.PUBREL, false),
                new Row("[MQTT-3.3.2-8] PUBLISH with Topic Alias 0", V5,
                        bytes(0x30, 0x07, 0x00, 0x01, 't', 0x03, 0x23, 0x00, 0x00),
                        ReasonCode.TOPIC_ALIAS_INVALID, PacketType.PUBLISH, false),
                new Row("[MQTT-3.3.4-6] PUBLISH from a client with a Subscription Identifier", V5,
                        bytes(0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x0B, 0x01), PROTOCOL, PacketType.PUBLISH, false),
                new Row("PUBLISH with Payload Format Indicator 2", V5,
                        bytes(0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x01, 0x02), PROTOCOL, PacketType.PUBLISH, false),
                new Row("PUBLISH 5.0 with an empty topic and no Topic Alias", V5,
                        bytes(0x30, 0x03, 0x00, 0x00, 0x00), PROTOCOL, PacketType.PUBLISH, false),
                new Row("PUBLISH with an unknown property 0x50", V5,
                        bytes(0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x50, 0x00), MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBLISH whose property overruns the Property Length", V5, bytes(
                        0x30, 0x09, 0x00, 0x01, 't',
                        // property length 2, but message expiry interval takes 5
                        0x02, 0x02, 0x00, 0x00, 0x00, 0x01),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("[MQTT-3.3.2-14] PUBLISH with a wildcard in the Response Topic", V5,
                        bytes(0x30, 0x09, 0x00, 0x01, 't', 0x05, 0x08, 0x00, 0x02, 'a', '+'),
                        MALFORMED, PacketType.PUBLISH, false),
                new Row("PUBACK with undefined reason code 0x05", V5, bytes(0x40, 0x03, 0x00, 0x01, 0x05),
                        MALFORMED, PacketType.PUBACK, false),
                new Row("PUBREL with the PUBACK-only reason code 0x10", V5, bytes(0x62, 0x03, 0x00, 0x01, 0x10),
                        MALFORMED, PacketType.PUBREL, false),
                new Row("DISCONNECT with a Topic Alias property", V5, bytes(0xE0, 0x05, 0x00, 0x03, 0x23, 0x00, 0x01),
                        MALFORMED, PacketType.DISCONNECT, false),
                new Row("[MQTT-3.10.3-2] UNSUBSCRIBE 5.0 without a topic filter", V5,
                        bytes(0xA2, 0x03, 0x00, 0x01, 0x00), PROTOCOL, PacketType.UNSUBSCRIBE, false));
    }

    /** A 3.1.1 CONNECT with a will whose topic has this many bytes (Remaining Length in three bytes). */
    private static byte[] connectWithWillTopicOfLength(int length) {
        int remaining = 10 + 3 + 2 + length + 2;
        byte[] head = bytes(0x10, 0x80 | (remaining & 0x7F), 0x80 | ((remaining >> 7) & 0x7F), remaining >> 14,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                // will flag, clean session
                0b0000_0110, 0x00, 0x3C,
                // client id "c", will topic length
                0x00, 0x01, 'c', length >> 8, length & 0xFF);
        byte[] connect = Arrays.copyOf(head, head.length + length + 2);
        Arrays.fill(connect, head.length, head.length + length, (byte) 't');
        return connect;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void turnsBadInputIntoADecodeFailure(Row row) {
        EmbeddedChannel channel = row.connectedAs() == null
                ? TestChannels.server() : TestChannels.connectedServer(row.connectedAs());

        Object out = TestChannels.decode(channel, row.bytes());

        assertThat(out).isInstanceOf(DecodeFailure.class);
        DecodeFailure failure = (DecodeFailure) out;
        assertThat(failure.reasonCode()).as(failure.detail()).isEqualTo(row.reasonCode());
        assertThat(failure.packetType()).as(failure.detail()).isEqualTo(row.packetType());
        assertThat(failure.beforeConnect()).isEqualTo(row.beforeConnect());
        assertThat(failure.detail()).isNotBlank();
    }
}
