package dev.roost.codec;

import static dev.roost.codec.TestChannels.connectedClient;
import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.encode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Packet;
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
import dev.roost.protocol.packet.Will;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every record written through the pipeline, compared byte for byte with the spec's layout. */
class EncodeTest {

    static void assertEncodes(EmbeddedChannel channel, Packet packet, byte[] expected) {
        assertThat(Wire.hex(encode(channel, packet))).isEqualTo(Wire.hex(expected));
    }

    @Nested
    class Mqtt311 {
        @Test
        void encodesConnectWithWillUserNameAndPassword() {
            Connect connect = new Connect(MqttVersion.V3_1_1, "cid", true, 10, "user", new byte[] {'p', 'w'},
                    new Will("w/t", new byte[] {'h', 'i'}, Qos.AT_LEAST_ONCE, true, 0, MessageProperties.NONE),
                    ConnectProperties.DEFAULTS);
            assertEncodes(TestChannels.client(), connect, bytes(
                    // CONNECT, remaining length 34
                    0x10, 0x22,
                    // "MQTT", level 4
                    0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                    // user name, password, will retain, will QoS 1, will flag, clean session
                    0b1110_1110,
                    // keep alive 10
                    0x00, 0x0A,
                    // client id, will topic, will payload, user name, password
                    0x00, 0x03, 'c', 'i', 'd',
                    0x00, 0x03, 'w', '/', 't',
                    0x00, 0x02, 'h', 'i',
                    0x00, 0x04, 'u', 's', 'e', 'r',
                    0x00, 0x02, 'p', 'w'));
        }

        @Test
        void encodesMqtt31ConnectWithItsProtocolName() {
            Connect connect = new Connect(MqttVersion.V3_1, "c", true, 60, null, null, null,
                    ConnectProperties.DEFAULTS);
            assertEncodes(TestChannels.client(), connect, TestChannels.minimalConnect(MqttVersion.V3_1));
        }

        @Test
        void encodesConnAckWithTheNearestReturnCode() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            // CONNACK, session present, accepted
            assertEncodes(channel, new ConnAck(true, ReasonCode.SUCCESS, ConnAckProperties.NONE),
                    bytes(0x20, 0x02, 0x01, 0x00));
            // banned → 5 not authorized; server busy → 3 server unavailable; bad method → 4
            assertEncodes(channel, ConnAck.refused(ReasonCode.BANNED), bytes(0x20, 0x02, 0x00, 0x05));
            assertEncodes(channel, ConnAck.refused(ReasonCode.SERVER_BUSY), bytes(0x20, 0x02, 0x00, 0x03));
            assertEncodes(channel, ConnAck.refused(ReasonCode.BAD_AUTHENTICATION_METHOD),
                    bytes(0x20, 0x02, 0x00, 0x04));
            assertEncodes(channel, ConnAck.refused(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID),
                    bytes(0x20, 0x02, 0x00, 0x02));
        }

        @Test
        void encodesPublishWithoutAnyOf5Extras() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            // QoS 0: no packet id
            assertEncodes(channel, Publish.of("a/b", Qos.AT_MOST_ONCE, false, 0, new byte[] {'x'}),
                    bytes(0x30, 0x06, 0x00, 0x03, 'a', '/', 'b', 'x'));
            // QoS 1, DUP, RETAIN; properties, alias and subscription ids of the record are dropped
            Publish publish = Packets.fullPublishV5().withDelivery(10, true, Qos.AT_LEAST_ONCE, true);
            assertEncodes(channel, publish, bytes(
                    // PUBLISH DUP QoS 1 RETAIN, remaining length 9
                    0b0011_1011, 0x09,
                    // topic "a/b", packet id 10, payload "hi"
                    0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A, 'h', 'i'));
        }

        @Test
        void encodesPublishAcknowledgementsWithoutReasonCodes() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            assertEncodes(channel, PubAck.of(1, ReasonCode.NOT_AUTHORIZED), bytes(0x40, 0x02, 0x00, 0x01));
            assertEncodes(channel, new PubRec(2, ReasonCode.SUCCESS, ReasonProperties.reason("x")),
                    bytes(0x50, 0x02, 0x00, 0x02));
            // PUBREL carries the fixed header flags 0010
            assertEncodes(channel, PubRel.of(3), bytes(0x62, 0x02, 0x00, 0x03));
            assertEncodes(channel, PubComp.of(4), bytes(0x70, 0x02, 0x00, 0x04));
        }

        @Test
        void encodesSubscribeWithOnlyTheQosOfEachOption() {
            Subscribe subscribe = new Subscribe(1, List.of(new Subscription("a/#", Qos.AT_LEAST_ONCE, true, true, 2),
                    Subscription.of("b", Qos.EXACTLY_ONCE)), 9, List.of(new UserProperty("a", "b")));
            assertEncodes(connectedClient(MqttVersion.V3_1_1), subscribe, bytes(
                    // SUBSCRIBE (flags 0010), remaining length 12, packet id 1
                    0x82, 0x0C, 0x00, 0x01,
                    // "a/#" QoS 1, "b" QoS 2
                    0x00, 0x03, 'a', '/', '#', 0x01,
                    0x00, 0x01, 'b', 0x02));
        }

        @Test
        void encodesSubAckErrorsAsFailure() {
            SubAck subAck = new SubAck(1, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED,
                    ReasonCode.GRANTED_QOS_0, ReasonCode.TOPIC_FILTER_INVALID), ReasonProperties.reason("x"));
            // SUBACK, remaining length 6, packet id 1, codes 1, 0x80, 0, 0x80
            assertEncodes(connectedServer(MqttVersion.V3_1_1), subAck,
                    bytes(0x90, 0x06, 0x00, 0x01, 0x01, 0x80, 0x00, 0x80));
        }

        @Test
        void encodesUnsubscribeAndUnsubAckWithoutReasonCodes() {
            assertEncodes(connectedClient(MqttVersion.V3_1_1), new Unsubscribe(2, List.of("a", "b/c"), List.of()),
                    // UNSUBSCRIBE (flags 0010), remaining length 10, packet id 2, "a", "b/c"
                    bytes(0xA2, 0x0A, 0x00, 0x02, 0x00, 0x01, 'a', 0x00, 0x03, 'b', '/', 'c'));
            assertEncodes(connectedServer(MqttVersion.V3_1_1),
                    new UnsubAck(2, List.of(ReasonCode.NO_SUBSCRIPTION_EXISTED), ReasonProperties.NONE),
                    bytes(0xB0, 0x02, 0x00, 0x02));
        }

        @Test
        void encodesPingsAndDisconnectWithoutVariableHeader() {
            assertEncodes(connectedClient(MqttVersion.V3_1_1), PingReq.INSTANCE, bytes(0xC0, 0x00));
            assertEncodes(connectedServer(MqttVersion.V3_1_1), PingResp.INSTANCE, bytes(0xD0, 0x00));
            assertEncodes(connectedClient(MqttVersion.V3_1_1), Disconnect.of(ReasonCode.UNSPECIFIED_ERROR, "why"),
                    bytes(0xE0, 0x00));
        }

        @Test
        void failsTheWriteOfAuthWhichDoesNotExistIn311() {
            var channel = connectedClient(MqttVersion.V3_1_1);
            ChannelFuture write = channel.writeAndFlush(
                    new Auth(ReasonCode.SUCCESS, "m", null, ReasonProperties.NONE));
            assertThat(write.cause()).isInstanceOf(IllegalArgumentException.class);
            assertThat(TestChannels.nextOutbound(channel)).isNull();
        }
    }

    @Nested
    class Mqtt5 {
        @Test
        void encodesConnectWithEveryProperty() {
            assertEncodes(TestChannels.client(), Packets.fullConnectV5(), bytes(
                    // CONNECT, remaining length 108, "MQTT", level 5
                    0x10, 0x6C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                    // user name, password, will retain, will QoS 2, will flag; keep alive 30
                    0b1111_0100, 0x00, 0x1E,
                    // properties, length 39 (in the order Netty's property map yields them)
                    0x27,
                    0x11, 0xFF, 0xFF, 0xFF, 0xFF,
                    0x21, 0x00, 0x14,
                    0x22, 0x00, 0x05,
                    0x15, 0x00, 0x05, 'S', 'C', 'R', 'A', 'M',
                    0x16, 0x00, 0x01, 0x07,
                    0x27, 0x00, 0x00, 0x03, 0xE8,
                    0x17, 0x00,
                    0x19, 0x01,
                    0x26, 0x00, 0x01, 'u', 0x00, 0x01, 'v',
                    // client id "cid"
                    0x00, 0x03, 'c', 'i', 'd',
                    // will properties, length 33
                    0x21,
                    0x01, 0x00,
                    0x02, 0x00, 0x00, 0x00, 0x3C,
                    0x03, 0x00, 0x02, 'c', 't',
                    0x18, 0x00, 0x00, 0x00, 0x0A,
                    0x08, 0x00, 0x02, 'r', 't',
                    0x09, 0x00, 0x01, 0x03,
                    0x26, 0x00, 0x01, 'x', 0x00, 0x01, 'y',
                    // will topic, will payload, user name, password
                    0x00, 0x03, 'w', '/', 't',
                    0x00, 0x03, 'b', 'y', 'e',
                    0x00, 0x04, 'u', 's', 'e', 'r',
                    0x00, 0x01, 'p'));
        }

        @Test
        void writesNoPropertyThatHasItsDefaultValue() {
            Connect connect = new Connect(MqttVersion.V5, "c", true, 60, null, null, null,
                    ConnectProperties.DEFAULTS);
            assertEncodes(TestChannels.client(), connect, TestChannels.minimalConnect(MqttVersion.V5));
        }

        @Test
        void encodesConnAckWithEveryProperty() {
            assertEncodes(connectedServer(MqttVersion.V5), Packets.fullConnAckV5(), bytes(
                    // CONNACK, remaining length 67, session present, success
                    0x20, 0x43, 0x01, 0x00,
                    // properties, length 64
                    0x40,
                    0x21, 0x00, 0x64,
                    0x22, 0x00, 0x0A,
                    0x24, 0x01,
                    0x25, 0x00,
                    0x27, 0x00, 0x01, 0x00, 0x00,
                    0x28, 0x00, 0x29, 0x00, 0x2A, 0x00,
                    0x11, 0x00, 0x00, 0x00, 0x78,
                    0x12, 0x00, 0x02, 'i', 'd',
                    0x13, 0x00, 0x1E,
                    0x15, 0x00, 0x01, 'm', 0x16, 0x00, 0x01, 0x09,
                    0x1A, 0x00, 0x02, 'r', 'i',
                    0x1C, 0x00, 0x02, 's', 'r',
                    0x1F, 0x00, 0x02, 'o', 'k',
                    0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b'));
        }

        @Test
        void encodesRefusingConnAckWithItsReasonCode() {
            // CONNACK, remaining length 3, reason code 0x8A banned, empty properties
            assertEncodes(connectedServer(MqttVersion.V5), ConnAck.refused(ReasonCode.BANNED),
                    bytes(0x20, 0x03, 0x00, 0x8A, 0x00));
        }

        @Test
        void encodesPublishWithEveryProperty() {
            assertEncodes(connectedServer(MqttVersion.V5), Packets.fullPublishV5(), bytes(
                    // PUBLISH QoS 1, remaining length 67, topic "a/b", packet id 10
                    0x32, 0x43, 0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A,
                    // properties, length 57
                    0x39,
                    //   payload format 1, message expiry 3600, content type "text/plain"
                    0x01, 0x01,
                    0x02, 0x00, 0x00, 0x0E, 0x10,
                    0x03, 0x00, 0x0A, 't', 'e', 'x', 't', '/', 'p', 'l', 'a', 'i', 'n',
                    //   topic alias 7, response topic "re/sp", correlation data {1, 2}
                    0x23, 0x00, 0x07,
                    0x08, 0x00, 0x05, 'r', 'e', '/', 's', 'p',
                    0x09, 0x00, 0x02, 0x01, 0x02,
                    //   subscription identifiers 5 and 300
                    0x0B, 0x05, 0x0B, 0xAC, 0x02,
                    //   user properties k=v, k2=v2
                    0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v',
                    0x26, 0x00, 0x02, 'k', '2', 0x00, 0x02, 'v', '2',
                    // payload "hi"
                    'h', 'i'));
        }

        @Test
        void encodesAcknowledgementsShortWhenSuccessfulWithoutProperties() {
            var channel = connectedServer(MqttVersion.V5);
            assertEncodes(channel, PubAck.of(1), bytes(0x40, 0x02, 0x00, 0x01));
            // reason code 0x10, empty properties
            assertEncodes(channel, PubAck.of(1, ReasonCode.NO_MATCHING_SUBSCRIBERS),
                    bytes(0x40, 0x04, 0x00, 0x01, 0x10, 0x00));
            // PUBREC 0x80 with reason string "full"
            assertEncodes(channel, new PubRec(2, ReasonCode.UNSPECIFIED_ERROR, ReasonProperties.reason("full")),
                    bytes(0x50, 0x0B, 0x00, 0x02, 0x80, 0x07, 0x1F, 0x00, 0x04, 'f', 'u', 'l', 'l'));
            assertEncodes(channel, PubRel.of(3, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND),
                    bytes(0x62, 0x04, 0x00, 0x03, 0x92, 0x00));
            assertEncodes(channel, PubComp.of(4), bytes(0x70, 0x02, 0x00, 0x04));
        }

        @Test
        void encodesSubscribeWithOptionsAndSubscriptionIdentifier() {
            Subscribe subscribe = new Subscribe(1, List.of(new Subscription("a/#", Qos.AT_LEAST_ONCE, true, true, 2),
                    Subscription.of("b", Qos.AT_MOST_ONCE)), 5, List.of(new UserProperty("a", "b")));
            assertEncodes(connectedClient(MqttVersion.V5), subscribe, bytes(
                    // SUBSCRIBE, remaining length 22, packet id 1
                    0x82, 0x16, 0x00, 0x01,
                    // properties, length 9: subscription identifier 5, user property a=b
                    0x09, 0x0B, 0x05, 0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b',
                    // "a/#" retain handling 2, retain as published, no local, QoS 1; "b" QoS 0
                    0x00, 0x03, 'a', '/', '#', 0b0010_1101,
                    0x00, 0x01, 'b', 0x00));
        }

        @Test
        void encodesSubAckAndUnsubAckWithReasonCodes() {
            var channel = connectedServer(MqttVersion.V5);
            assertEncodes(channel, new SubAck(1, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.QUOTA_EXCEEDED),
                    ReasonProperties.NONE), bytes(0x90, 0x05, 0x00, 0x01, 0x00, 0x02, 0x97));
            assertEncodes(channel, new UnsubAck(2, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED),
                    ReasonProperties.reason("r")), bytes(
                    // UNSUBACK, remaining length 9, packet id 2
                    0xB0, 0x09, 0x00, 0x02,
                    // properties, length 4: reason string "r"
                    0x04, 0x1F, 0x00, 0x01, 'r',
                    // success, no subscription existed
                    0x00, 0x11));
        }

        @Test
        void encodesUnsubscribeWithUserProperty() {
            assertEncodes(connectedClient(MqttVersion.V5),
                    new Unsubscribe(2, List.of("x"), List.of(new UserProperty("a", "b"))),
                    bytes(0xA2, 0x0D, 0x00, 0x02, 0x07, 0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b', 0x00, 0x01, 'x'));
        }

        @Test
        void encodesDisconnectShortAndWithEveryProperty() {
            var channel = connectedServer(MqttVersion.V5);
            assertEncodes(channel, Disconnect.NORMAL, bytes(0xE0, 0x00));
            Disconnect disconnect = new Disconnect(ReasonCode.SERVER_MOVED, 0L, "other",
                    new ReasonProperties("bye", List.of(new UserProperty("a", "b"))));
            assertEncodes(channel, disconnect, bytes(
                    // DISCONNECT, remaining length 28, reason code 0x9D server moved
                    0xE0, 0x1C, 0x9D,
                    // properties, length 26
                    0x1A,
                    //   session expiry interval 0 (present: it differs from absent)
                    0x11, 0x00, 0x00, 0x00, 0x00,
                    //   server reference "other"
                    0x1C, 0x00, 0x05, 'o', 't', 'h', 'e', 'r',
                    //   reason string "bye", user property a=b
                    0x1F, 0x00, 0x03, 'b', 'y', 'e',
                    0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b'));
        }

        @Test
        void encodesPingsAndAuth() {
            assertEncodes(connectedClient(MqttVersion.V5), PingReq.INSTANCE, bytes(0xC0, 0x00));
            assertEncodes(connectedServer(MqttVersion.V5), PingResp.INSTANCE, bytes(0xD0, 0x00));
            assertEncodes(connectedClient(MqttVersion.V5),
                    new Auth(ReasonCode.RE_AUTHENTICATE, "abc", new byte[] {42}, ReasonProperties.NONE), bytes(
                    // AUTH, remaining length 12, reason code 0x19 re-authenticate
                    0xF0, 0x0C, 0x19,
                    // properties, length 10: method "abc", data {42}
                    0x0A, 0x15, 0x00, 0x03, 'a', 'b', 'c', 0x16, 0x00, 0x01, 0x2A));
        }

        @Test
        void failsTheWriteOfAReasonCodeItsPacketTypeDoesNotDefine() {
            var channel = connectedServer(MqttVersion.V5);
            ChannelFuture write = channel.writeAndFlush(ConnAck.refused(ReasonCode.SESSION_TAKEN_OVER));
            assertThat(write.cause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SESSION_TAKEN_OVER");
            assertThat(TestChannels.nextOutbound(channel)).isNull();
        }
    }
}
