package dev.roost.codec;

import static dev.roost.codec.ServerDecodeTest.assertDecodes;
import static dev.roost.codec.TestChannels.connectedClient;
import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.PingResp;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.ReasonProperties;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.UnsubAck;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every packet a server sends, decoded by the client's pipeline into the expected record. */
class ClientDecodeTest {

    @Nested
    class Mqtt311 {
        @Test
        void decodesAcceptingConnAckWithSessionPresent() {
            // CONNACK, remaining length 2, session present, return code 0
            assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), bytes(0x20, 0x02, 0x01, 0x00)),
                    new ConnAck(true, ReasonCode.SUCCESS, ConnAckProperties.NONE));
        }

        @Test
        void mapsRefusingReturnCodesToReasonCodes() {
            // CONNACK, return code 5: not authorized
            assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), bytes(0x20, 0x02, 0x00, 0x05)),
                    ConnAck.refused(ReasonCode.NOT_AUTHORIZED));
            // CONNACK, return code 1: unacceptable protocol version
            assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), bytes(0x20, 0x02, 0x00, 0x01)),
                    ConnAck.refused(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
        }

        @Test
        void decodesSubAckWithFailureCode() {
            byte[] subAck = bytes(
                    // SUBACK, remaining length 6, packet id 1
                    0x90, 0x06, 0x00, 0x01,
                    // granted QoS 0, 1, 2, failure
                    0x00, 0x01, 0x02, 0x80);
            assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), subAck), new SubAck(1,
                    List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2,
                            ReasonCode.UNSPECIFIED_ERROR), ReasonProperties.NONE));
        }

        @Test
        void decodesUnsubAckPublishAckAndPingResp() {
            var channel = connectedClient(MqttVersion.V3_1_1);
            // UNSUBACK, packet id 2
            assertDecodes(decode(channel, bytes(0xB0, 0x02, 0x00, 0x02)),
                    new UnsubAck(2, List.of(), ReasonProperties.NONE));
            // PUBACK, packet id 3
            assertDecodes(decode(channel, bytes(0x40, 0x02, 0x00, 0x03)), PubAck.of(3));
            assertThat(decode(channel, bytes(0xD0, 0x00))).isEqualTo(PingResp.INSTANCE);
        }

        @Test
        void decodesPublish() {
            // PUBLISH QoS 0 retain, remaining length 4: topic "t", payload "p"
            assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), bytes(0x31, 0x04, 0x00, 0x01, 't', 'p')),
                    Publish.of("t", Qos.AT_MOST_ONCE, true, 0, new byte[] {'p'}));
        }
    }

    @Nested
    class Mqtt5 {
        @Test
        void decodesConnAckWithEveryProperty() {
            byte[] connAck = bytes(
                    // CONNACK, remaining length 67, session present, success
                    0x20, 0x43, 0x01, 0x00,
                    // properties, length 64
                    0x40,
                    //   receive maximum 100
                    0x21, 0x00, 0x64,
                    //   topic alias maximum 10
                    0x22, 0x00, 0x0A,
                    //   maximum QoS 1
                    0x24, 0x01,
                    //   retain available 0
                    0x25, 0x00,
                    //   maximum packet size 65536
                    0x27, 0x00, 0x01, 0x00, 0x00,
                    //   wildcard, subscription identifier, shared subscription available: 0
                    0x28, 0x00, 0x29, 0x00, 0x2A, 0x00,
                    //   session expiry interval 120
                    0x11, 0x00, 0x00, 0x00, 0x78,
                    //   assigned client identifier "id"
                    0x12, 0x00, 0x02, 'i', 'd',
                    //   server keep alive 30
                    0x13, 0x00, 0x1E,
                    //   authentication method "m", data {9}
                    0x15, 0x00, 0x01, 'm', 0x16, 0x00, 0x01, 0x09,
                    //   response information "ri"
                    0x1A, 0x00, 0x02, 'r', 'i',
                    //   server reference "sr"
                    0x1C, 0x00, 0x02, 's', 'r',
                    //   reason string "ok"
                    0x1F, 0x00, 0x02, 'o', 'k',
                    //   user property a=b
                    0x26, 0x00, 0x01, 'a', 0x00, 0x01, 'b');
            assertDecodes(decode(connectedClient(MqttVersion.V5), connAck), Packets.fullConnAckV5());
        }

        @Test
        void decodesRefusingConnAck() {
            // CONNACK, remaining length 3, reason code 0x87, no properties
            assertDecodes(decode(connectedClient(MqttVersion.V5), bytes(0x20, 0x03, 0x00, 0x87, 0x00)),
                    ConnAck.refused(ReasonCode.NOT_AUTHORIZED));
        }

        @Test
        void decodesPublishWithSubscriptionIdentifiers() {
            byte[] publish = bytes(
                    // PUBLISH QoS 0, remaining length 10, topic "t"
                    0x30, 0x0A, 0x00, 0x01, 't',
                    // properties, length 5: subscription identifiers 1 and 300
                    0x05, 0x0B, 0x01, 0x0B, 0xAC, 0x02,
                    // payload "p"
                    'p');
            assertDecodes(decode(connectedClient(MqttVersion.V5), publish), new Publish("t", Qos.AT_MOST_ONCE,
                    false, false, 0, new byte[] {'p'}, 0, List.of(1, 300), MessageProperties.NONE));
        }

        @Test
        void decodesSubAckWithReasonCodesAndReasonString() {
            byte[] subAck = bytes(
                    // SUBACK, remaining length 12, packet id 1
                    0x90, 0x0C, 0x00, 0x01,
                    // properties, length 5: reason string "no"
                    0x05, 0x1F, 0x00, 0x02, 'n', 'o',
                    // granted QoS 0, granted QoS 1, not authorized, wildcards not supported
                    0x00, 0x01, 0x87, 0xA2);
            assertDecodes(decode(connectedClient(MqttVersion.V5), subAck), new SubAck(1,
                    List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED,
                            ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED), ReasonProperties.reason("no")));
        }

        @Test
        void decodesUnsubAckWithReasonCodes() {
            // UNSUBACK, remaining length 5, packet id 2, no properties, success, no subscription existed
            assertDecodes(decode(connectedClient(MqttVersion.V5), bytes(0xB0, 0x05, 0x00, 0x02, 0x00, 0x00, 0x11)),
                    new UnsubAck(2, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED),
                            ReasonProperties.NONE));
        }

        @Test
        void decodesServerDisconnectWithServerReference() {
            byte[] disconnect = bytes(
                    // DISCONNECT, remaining length 10, reason code 0x9C (use another server)
                    0xE0, 0x0A, 0x9C,
                    // properties, length 8: server reference "other"
                    0x08, 0x1C, 0x00, 0x05, 'o', 't', 'h', 'e', 'r');
            assertDecodes(decode(connectedClient(MqttVersion.V5), disconnect),
                    new Disconnect(ReasonCode.USE_ANOTHER_SERVER, null, "other", ReasonProperties.NONE));
        }

        @Test
        void decodesAuthWithoutPropertiesAsSuccess() {
            // AUTH, remaining length 0
            assertDecodes(decode(connectedClient(MqttVersion.V5), bytes(0xF0, 0x00)),
                    new Auth(ReasonCode.SUCCESS, null, null, ReasonProperties.NONE));
        }
    }
}
