package dev.roost.codec;

import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.ReasonProperties;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.Unsubscribe;
import dev.roost.protocol.packet.Will;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every packet a client sends, decoded by the server's pipeline into the expected record. */
class ServerDecodeTest {

    static void assertDecodes(Object actual, Object expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    @Nested
    class Mqtt311 {
        @Test
        void decodesConnectWithWillUserNameAndPassword() {
            byte[] connect = bytes(
                    // fixed header: CONNECT, remaining length 34
                    0x10, 0x22,
                    // protocol name "MQTT", level 4
                    0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                    // flags: user name, password, will retain, will QoS 1, will flag, clean session
                    0b1110_1110,
                    // keep alive 10 s
                    0x00, 0x0A,
                    // client id "cid"
                    0x00, 0x03, 'c', 'i', 'd',
                    // will topic "w/t"
                    0x00, 0x03, 'w', '/', 't',
                    // will payload "hi"
                    0x00, 0x02, 'h', 'i',
                    // user name "user"
                    0x00, 0x04, 'u', 's', 'e', 'r',
                    // password "pw"
                    0x00, 0x02, 'p', 'w');
            Connect expected = new Connect(MqttVersion.V3_1_1, "cid", true, 10, "user", new byte[] {'p', 'w'},
                    new Will("w/t", new byte[] {'h', 'i'}, Qos.AT_LEAST_ONCE, true, 0, MessageProperties.NONE),
                    ConnectProperties.DEFAULTS);
            assertDecodes(decode(TestChannels.server(), connect), expected);
        }

        @Test
        void decodesMqtt31ConnectAsVersion31() {
            Connect expected = new Connect(MqttVersion.V3_1, "c", true, 60, null, null, null,
                    ConnectProperties.DEFAULTS);
            assertDecodes(decode(TestChannels.server(), TestChannels.minimalConnect(MqttVersion.V3_1)), expected);
        }

        @Test
        void decodesPublishOfEachQos() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            byte[] qos0 = bytes(
                    // PUBLISH QoS 0, remaining length 5
                    0x30, 0x05,
                    // topic "a/b", no packet id, empty payload
                    0x00, 0x03, 'a', '/', 'b');
            assertDecodes(decode(channel, qos0), Publish.of("a/b", Qos.AT_MOST_ONCE, false, 0, new byte[0]));
            byte[] qos1 = bytes(
                    // PUBLISH DUP, QoS 1, RETAIN; remaining length 9
                    0b0011_1011, 0x09,
                    // topic "a/b"
                    0x00, 0x03, 'a', '/', 'b',
                    // packet id 10
                    0x00, 0x0A,
                    // payload "hi"
                    'h', 'i');
            assertDecodes(decode(channel, qos1), Publish.of("a/b", Qos.AT_LEAST_ONCE, true, 10,
                    new byte[] {'h', 'i'}).withDelivery(10, true, Qos.AT_LEAST_ONCE, true));
            byte[] qos2 = bytes(
                    // PUBLISH QoS 2, remaining length 7
                    0x34, 0x07,
                    // topic "a", packet id 1, payload "xy"
                    0x00, 0x01, 'a', 0x00, 0x01, 'x', 'y');
            assertDecodes(decode(channel, qos2), Publish.of("a", Qos.EXACTLY_ONCE, false, 1, new byte[] {'x', 'y'}));
        }

        @Test
        void decodesTheFourPublishAcknowledgements() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            // PUBACK, PUBREC, PUBREL (flags 0010), PUBCOMP; remaining length 2; packet id
            assertDecodes(decode(channel, bytes(0x40, 0x02, 0x00, 0x0A)), PubAck.of(10));
            assertDecodes(decode(channel, bytes(0x50, 0x02, 0x00, 0x0B)), PubRec.of(11));
            assertDecodes(decode(channel, bytes(0x62, 0x02, 0x00, 0x0C)), PubRel.of(12));
            assertDecodes(decode(channel, bytes(0x70, 0x02, 0x00, 0x0D)), PubComp.of(13));
        }

        @Test
        void decodesSubscribeAndUnsubscribe() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            byte[] subscribe = bytes(
                    // SUBSCRIBE (flags 0010), remaining length 12
                    0x82, 0x0C,
                    // packet id 1
                    0x00, 0x01,
                    // "a/#" QoS 1
                    0x00, 0x03, 'a', '/', '#', 0x01,
                    // "b" QoS 2
                    0x00, 0x01, 'b', 0x02);
            assertDecodes(decode(channel, subscribe), Subscribe.of(1,
                    Subscription.of("a/#", Qos.AT_LEAST_ONCE), Subscription.of("b", Qos.EXACTLY_ONCE)));
            byte[] unsubscribe = bytes(
                    // UNSUBSCRIBE (flags 0010), remaining length 10
                    0xA2, 0x0A,
                    // packet id 2
                    0x00, 0x02,
                    // "a/#", "b"
                    0x00, 0x03, 'a', '/', '#',
                    0x00, 0x01, 'b');
            assertDecodes(decode(channel, unsubscribe), new Unsubscribe(2, List.of("a/#", "b"), List.of()));
        }

        @Test
        void decodesPingReqAndDisconnect() {
            var channel = connectedServer(MqttVersion.V3_1_1);
            assertThat(decode(channel, bytes(0xC0, 0x00))).isEqualTo(PingReq.INSTANCE);
            assertDecodes(decode(channel, bytes(0xE0, 0x00)), Disconnect.NORMAL);
        }
    }

    @Nested
    class Mqtt5 {
        @Test
        void decodesConnectWithEveryPropertyAndAWillWithEveryProperty() {
            byte[] connect = bytes(
                    // fixed header: CONNECT, remaining length 108
                    0x10, 0x6C,
                    // protocol name "MQTT", level 5
                    0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
                    // flags: user name, password, will retain, will QoS 2, will flag, no clean start
                    0b1111_0100,
                    // keep alive 30 s
                    0x00, 0x1E,
                    // properties, length 39
                    0x27,
                    //   session expiry interval: never
                    0x11, 0xFF, 0xFF, 0xFF, 0xFF,
                    //   receive maximum 20
                    0x21, 0x00, 0x14,
                    //   topic alias maximum 5
                    0x22, 0x00, 0x05,
                    //   authentication method "SCRAM"
                    0x15, 0x00, 0x05, 'S', 'C', 'R', 'A', 'M',
                    //   authentication data {7}
                    0x16, 0x00, 0x01, 0x07,
                    //   maximum packet size 1000
                    0x27, 0x00, 0x00, 0x03, 0xE8,
                    //   request problem information 0
                    0x17, 0x00,
                    //   request response information 1
                    0x19, 0x01,
                    //   user property u=v
                    0x26, 0x00, 0x01, 'u', 0x00, 0x01, 'v',
                    // client id "cid"
                    0x00, 0x03, 'c', 'i', 'd',
                    // will properties, length 33
                    0x21,
                    //   payload format indicator 0
                    0x01, 0x00,
                    //   message expiry interval 60
                    0x02, 0x00, 0x00, 0x00, 0x3C,
                    //   content type "ct"
                    0x03, 0x00, 0x02, 'c', 't',
                    //   will delay interval 10
                    0x18, 0x00, 0x00, 0x00, 0x0A,
                    //   response topic "rt"
                    0x08, 0x00, 0x02, 'r', 't',
                    //   correlation data {3}
                    0x09, 0x00, 0x01, 0x03,
                    //   user property x=y
                    0x26, 0x00, 0x01, 'x', 0x00, 0x01, 'y',
                    // will topic "w/t"
                    0x00, 0x03, 'w', '/', 't',
                    // will payload "bye"
                    0x00, 0x03, 'b', 'y', 'e',
                    // user name "user"
                    0x00, 0x04, 'u', 's', 'e', 'r',
                    // password "p"
                    0x00, 0x01, 'p');
            assertDecodes(decode(TestChannels.server(), connect), Packets.fullConnectV5());
        }

        @Test
        void givesAConnectWithoutPropertiesTheSpecDefaults() {
            Object connect = decode(TestChannels.server(), TestChannels.minimalConnect(MqttVersion.V5));
            assertDecodes(connect, new Connect(MqttVersion.V5, "c", true, 60, null, null, null,
                    ConnectProperties.DEFAULTS));
        }

        @Test
        void decodesPublishWithEveryPropertyAClientMaySend() {
            byte[] publish = bytes(
                    // PUBLISH QoS 1, remaining length 53
                    0x32, 0x35,
                    // topic "a/b", packet id 10
                    0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A,
                    // properties, length 43
                    0x2B,
                    //   payload format indicator 1
                    0x01, 0x01,
                    //   message expiry interval 3600
                    0x02, 0x00, 0x00, 0x0E, 0x10,
                    //   content type "text/plain"
                    0x03, 0x00, 0x0A, 't', 'e', 'x', 't', '/', 'p', 'l', 'a', 'i', 'n',
                    //   response topic "re/sp"
                    0x08, 0x00, 0x05, 'r', 'e', '/', 's', 'p',
                    //   correlation data {1, 2}
                    0x09, 0x00, 0x02, 0x01, 0x02,
                    //   topic alias 7
                    0x23, 0x00, 0x07,
                    //   user property k=v
                    0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v',
                    // payload "hi"
                    'h', 'i');
            MessageProperties properties = new MessageProperties(1, 3600L, "text/plain", "re/sp",
                    new byte[] {1, 2}, List.of(new UserProperty("k", "v")));
            Publish expected = new Publish("a/b", Qos.AT_LEAST_ONCE, false, false, 10, new byte[] {'h', 'i'}, 7,
                    List.of(), properties);
            assertDecodes(decode(connectedServer(MqttVersion.V5), publish), expected);
        }

        @Test
        void decodesPublishAcknowledgementsInEachOfTheirForms() {
            var channel = connectedServer(MqttVersion.V5);
            // PUBACK without reason code: success
            assertDecodes(decode(channel, bytes(0x40, 0x02, 0x00, 0x0A)), PubAck.of(10));
            // PUBACK with reason code 0x10, no property length
            assertDecodes(decode(channel, bytes(0x40, 0x03, 0x00, 0x0A, 0x10)),
                    PubAck.of(10, ReasonCode.NO_MATCHING_SUBSCRIBERS));
            byte[] pubRec = bytes(
                    // PUBREC, remaining length 11, packet id 11, reason code 0x80
                    0x50, 0x0B, 0x00, 0x0B, 0x80,
                    // properties, length 7: reason string "full"
                    0x07, 0x1F, 0x00, 0x04, 'f', 'u', 'l', 'l');
            assertDecodes(decode(channel, pubRec),
                    new PubRec(11, ReasonCode.UNSPECIFIED_ERROR, ReasonProperties.reason("full")));
            // PUBREL, packet id 12, reason code 0x92, empty properties
            assertDecodes(decode(channel, bytes(0x62, 0x04, 0x00, 0x0C, 0x92, 0x00)),
                    PubRel.of(12, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
            byte[] pubComp = bytes(
                    // PUBCOMP, remaining length 11, packet id 13, success
                    0x70, 0x0B, 0x00, 0x0D, 0x00,
                    // properties, length 7: user property a=b
                    0x07, 0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b');
            assertDecodes(decode(channel, pubComp), new PubComp(13, ReasonCode.SUCCESS,
                    new ReasonProperties(null, List.of(new UserProperty("a", "b")))));
        }

        @Test
        void decodesSubscribeWithOptionsAndSubscriptionIdentifier() {
            byte[] subscribe = bytes(
                    // SUBSCRIBE, remaining length 22, packet id 1
                    0x82, 0x16, 0x00, 0x01,
                    // properties, length 9: subscription identifier 5, user property a=b
                    0x09, 0x0B, 0x05, 0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b',
                    // "a/#": retain handling 2, retain as published, no local, QoS 1
                    0x00, 0x03, 'a', '/', '#', 0b0010_1101,
                    // "b": QoS 0
                    0x00, 0x01, 'b', 0x00);
            Subscribe expected = new Subscribe(1, List.of(new Subscription("a/#", Qos.AT_LEAST_ONCE, true, true, 2),
                    Subscription.of("b", Qos.AT_MOST_ONCE)), 5, List.of(new UserProperty("a", "b")));
            assertDecodes(decode(connectedServer(MqttVersion.V5), subscribe), expected);
        }

        @Test
        void decodesUnsubscribeWithUserProperty() {
            byte[] unsubscribe = bytes(
                    // UNSUBSCRIBE, remaining length 13, packet id 2
                    0xA2, 0x0D, 0x00, 0x02,
                    // properties, length 7: user property a=b
                    0x07, 0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b',
                    // "x"
                    0x00, 0x01, 'x');
            assertDecodes(decode(connectedServer(MqttVersion.V5), unsubscribe),
                    new Unsubscribe(2, List.of("x"), List.of(new UserProperty("a", "b"))));
        }

        @Test
        void decodesDisconnectShortAndWithProperties() {
            var channel = connectedServer(MqttVersion.V5);
            assertDecodes(decode(channel, bytes(0xE0, 0x00)), Disconnect.NORMAL);
            byte[] disconnect = bytes(
                    // DISCONNECT, remaining length 13, reason code 0x04 (with will)
                    0xE0, 0x0D, 0x04,
                    // properties, length 11
                    0x0B,
                    //   session expiry interval 60
                    0x11, 0x00, 0x00, 0x00, 0x3C,
                    //   reason string "bye"
                    0x1F, 0x00, 0x03, 'b', 'y', 'e');
            assertDecodes(decode(channel, disconnect), new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, 60L,
                    null, ReasonProperties.reason("bye")));
        }

        @Test
        void decodesAuth() {
            byte[] auth = bytes(
                    // AUTH, remaining length 12, reason code 0x18 (continue authentication)
                    0xF0, 0x0C, 0x18,
                    // properties, length 10: method "abc", data {42}
                    0x0A, 0x15, 0x00, 0x03, 'a', 'b', 'c', 0x16, 0x00, 0x01, 0x2A);
            assertDecodes(decode(connectedServer(MqttVersion.V5), auth),
                    new Auth(ReasonCode.CONTINUE_AUTHENTICATION, "abc", new byte[] {42}, ReasonProperties.NONE));
        }
    }
}
