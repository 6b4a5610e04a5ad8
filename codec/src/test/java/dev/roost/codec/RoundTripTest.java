package dev.roost.codec;

import static dev.roost.codec.ServerDecodeTest.assertDecodes;
import static dev.roost.codec.TestChannels.connectedClient;
import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.TestChannels.encode;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.ConnAck;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A record written by one end's pipeline and read by the other's comes out equal. */
class RoundTripTest {
    private static final ReasonProperties WHY = new ReasonProperties("why", List.of(new UserProperty("a", "b")));

    @Test
    void publishWithEveryPropertyTravelsFromServerToClientUnchanged() {
        Publish publish = Packets.fullPublishV5();
        byte[] wire = encode(connectedServer(MqttVersion.V5), publish);
        assertDecodes(decode(connectedClient(MqttVersion.V5), wire), publish);
    }

    @Test
    void connectWithEveryPropertyTravelsFromClientToServerUnchanged() {
        Connect connect = Packets.fullConnectV5();
        assertDecodes(decode(TestChannels.server(), encode(TestChannels.client(), connect)), connect);
    }

    @Test
    void connect311WithWillTravelsFromClientToServerUnchanged() {
        Connect connect = new Connect(MqttVersion.V3_1_1, "", false, 0, "u", new byte[0],
                new Will("w", new byte[0], Qos.AT_MOST_ONCE, false, 0, MessageProperties.NONE),
                ConnectProperties.DEFAULTS);
        assertDecodes(decode(TestChannels.server(), encode(TestChannels.client(), connect)), connect);
    }

    static Stream<Packet> fromClientV5() {
        return Stream.of(
                new Publish("a/b", Qos.EXACTLY_ONCE, true, true, 65535, new byte[300], 3, List.of(),
                        new MessageProperties(0, 0L, "", "r", new byte[0], List.of(new UserProperty("", "")))),
                new PubAck(1, ReasonCode.QUOTA_EXCEEDED, WHY),
                new PubRec(2, ReasonCode.PAYLOAD_FORMAT_INVALID, ReasonProperties.NONE),
                new PubRel(3, ReasonCode.SUCCESS, WHY),
                new PubComp(4, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, ReasonProperties.NONE),
                new Subscribe(5, List.of(new Subscription("$share/g/a/+", Qos.EXACTLY_ONCE, false, true, 1)),
                        268_435_455, List.of(new UserProperty("k", "v"))),
                new Unsubscribe(6, List.of("a", "b/#"), List.of()),
                PingReq.INSTANCE,
                new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, ConnectProperties.SESSION_NEVER_EXPIRES, null,
                        WHY),
                new Auth(ReasonCode.CONTINUE_AUTHENTICATION, "m", new byte[] {1, 2, 3}, WHY));
    }

    @ParameterizedTest
    @MethodSource("fromClientV5")
    void everyClientPacketOf5SurvivesTheTrip(Packet packet) {
        byte[] wire = encode(connectedClient(MqttVersion.V5), packet);
        assertDecodes(decode(connectedServer(MqttVersion.V5), wire), packet);
    }

    static Stream<Packet> fromServerV5() {
        return Stream.of(
                Packets.fullConnAckV5(),
                ConnAck.refused(ReasonCode.SERVER_MOVED),
                new PubAck(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, ReasonProperties.NONE),
                new SubAck(2, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
                        ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED), WHY),
                new UnsubAck(3, List.of(ReasonCode.TOPIC_FILTER_INVALID), WHY),
                PingResp.INSTANCE,
                new Disconnect(ReasonCode.SESSION_TAKEN_OVER, null, "elsewhere:1883", WHY),
                new Auth(ReasonCode.SUCCESS, "m", null, ReasonProperties.NONE));
    }

    @ParameterizedTest
    @MethodSource("fromServerV5")
    void everyServerPacketOf5SurvivesTheTrip(Packet packet) {
        byte[] wire = encode(connectedServer(MqttVersion.V5), packet);
        assertDecodes(decode(connectedClient(MqttVersion.V5), wire), packet);
    }

    static Stream<Packet> fromClientV311() {
        return Stream.of(
                Publish.of("a/b", Qos.AT_LEAST_ONCE, true, 7, new byte[] {1}),
                PubAck.of(1), PubRec.of(2), PubRel.of(3), PubComp.of(4),
                Subscribe.of(5, Subscription.of("a/+", Qos.AT_MOST_ONCE), Subscription.of("#", Qos.EXACTLY_ONCE)),
                new Unsubscribe(6, List.of("a/+"), List.of()),
                PingReq.INSTANCE,
                Disconnect.NORMAL);
    }

    @ParameterizedTest
    @MethodSource("fromClientV311")
    void everyClientPacketOf311SurvivesTheTrip(Packet packet) {
        byte[] wire = encode(connectedClient(MqttVersion.V3_1_1), packet);
        assertDecodes(decode(connectedServer(MqttVersion.V3_1_1), wire), packet);
    }

    static Stream<Packet> fromServerV311() {
        return Stream.of(
                ConnAck.refused(ReasonCode.BAD_USER_NAME_OR_PASSWORD),
                Publish.of("x", Qos.EXACTLY_ONCE, false, 9, new byte[0]),
                new SubAck(2, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR), ReasonProperties.NONE),
                new UnsubAck(3, List.of(), ReasonProperties.NONE),
                PingResp.INSTANCE);
    }

    @ParameterizedTest
    @MethodSource("fromServerV311")
    void everyServerPacketOf311SurvivesTheTrip(Packet packet) {
        byte[] wire = encode(connectedServer(MqttVersion.V3_1_1), packet);
        assertDecodes(decode(connectedClient(MqttVersion.V3_1_1), wire), packet);
    }
}
