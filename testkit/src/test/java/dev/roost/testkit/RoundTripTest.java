package dev.roost.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.packet.PacketType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every builder's bytes read back through the {@link RawPacket} accessors. */
class RoundTripTest {

    @Test
    void readsBackAMqtt5PublishWithEveryProperty() {
        byte[] bytes = PacketBytes.publish().v5().topic("a/b").qos(2).packetId(513).retain(true).dup(true)
                .payloadFormat(1).messageExpiry(4_000_000_000L).contentType("text/plain").responseTopic("r/t")
                .correlationData(new byte[] {1, 2}).topicAlias(4).subscriptionIdentifier(1)
                .subscriptionIdentifier(268_435_455).userProperty("k", "v1").userProperty("k", "v2")
                .payload("héllo").build();

        RawPacket packet = RawPacket.parse(bytes).expectType(PacketType.PUBLISH);

        assertThat(packet.publishTopic()).isEqualTo("a/b");
        assertThat(packet.publishQos()).isEqualTo(2);
        assertThat(packet.publishDup()).isTrue();
        assertThat(packet.publishRetain()).isTrue();
        assertThat(packet.publishPacketId()).isEqualTo(513);
        assertThat(packet.packetId()).isEqualTo(513);
        assertThat(packet.publishPayloadString(true)).isEqualTo("héllo");
        RawProperties properties = packet.properties();
        assertThat(properties.integer(PropertyId.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        assertThat(properties.longValue(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(4_000_000_000L);
        assertThat(properties.string(PropertyId.CONTENT_TYPE)).isEqualTo("text/plain");
        assertThat(properties.string(PropertyId.RESPONSE_TOPIC)).isEqualTo("r/t");
        assertThat(properties.binary(PropertyId.CORRELATION_DATA)).containsExactly(1, 2);
        assertThat(properties.integer(PropertyId.TOPIC_ALIAS)).isEqualTo(4);
        assertThat(properties.subscriptionIdentifiers()).containsExactly(1, 268_435_455);
        assertThat(properties.userProperties()).containsExactly(new String[] {"k", "v1"}, new String[] {"k", "v2"});
        assertThat(properties.userProperty("k")).isEqualTo("v1");
        assertThat(properties.size()).isEqualTo(10);
        assertThat(packet.bytes()).isEqualTo(bytes);
    }

    @Test
    void readsBackMqtt311PublishesAtEachQos() {
        RawPacket qos0 = RawPacket.parse(PacketBytes.publish().topic("t").payload("p").build());
        assertThat(qos0.publishQos()).isZero();
        assertThat(qos0.publishPayloadString(false)).isEqualTo("p");

        RawPacket qos1 = RawPacket.parse(PacketBytes.publish().topic("t").qos(1).packetId(9).payload("p").build());
        assertThat(qos1.flags()).isEqualTo(0x02);
        assertThat(qos1.publishPacketId()).isEqualTo(9);
        assertThat(qos1.publishPayloadString(false)).isEqualTo("p");
    }

    @Test
    void readsBackAMqtt5ConnAck() {
        byte[] bytes = PacketBytes.connack().v5().sessionPresent(true).reasonCode(0x00).receiveMaximum(20)
                .maximumQos(1).retainAvailable(false).assignedClientIdentifier("auto-1").topicAliasMaximum(10)
                .serverKeepAlive(45).maximumPacketSize(1024).wildcardSubscriptionAvailable(true)
                .subscriptionIdentifiersAvailable(true).sharedSubscriptionAvailable(false).build();

        RawPacket packet = RawPacket.parse(bytes).expectType(PacketType.CONNACK);

        assertThat(packet.connAckSessionPresent()).isTrue();
        assertThat(packet.connAckCode()).isZero();
        RawProperties properties = packet.properties();
        assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(20);
        assertThat(properties.integer(PropertyId.MAXIMUM_QOS)).isEqualTo(1);
        assertThat(properties.integer(PropertyId.RETAIN_AVAILABLE)).isZero();
        assertThat(properties.string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER)).isEqualTo("auto-1");
        assertThat(properties.integer(PropertyId.SERVER_KEEP_ALIVE)).isEqualTo(45);
        assertThat(properties.integer(PropertyId.MAXIMUM_PACKET_SIZE)).isEqualTo(1024);
        assertThat(properties.integer(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE)).isZero();
    }

    @Test
    void readsBackAMqtt311ConnAck() {
        RawPacket packet = RawPacket.parse(PacketBytes.connack().reasonCode(5).build());
        assertThat(packet.connAckSessionPresent()).isFalse();
        assertThat(packet.connAckCode()).isEqualTo(5);
        assertThat(packet.connAckFlags()).isZero();
    }

    @Test
    void readsAckReasonCodesAndDefaultsOmittedOnesToSuccess() {
        assertThat(RawPacket.parse(PacketBytes.puback(3).build()).reasonCode()).isZero();
        assertThat(RawPacket.parse(PacketBytes.puback(3).build()).properties().isEmpty()).isTrue();
        RawPacket pubrec = RawPacket.parse(PacketBytes.pubrec(3).reasonCode(0x10).build());
        assertThat(pubrec.packetId()).isEqualTo(3);
        assertThat(pubrec.reasonCode()).isEqualTo(0x10);
        RawPacket pubrel = RawPacket.parse(PacketBytes.pubrel(4).reasonCode(0x92).reasonString("gone").build());
        assertThat(pubrel.flags()).isEqualTo(2);
        assertThat(pubrel.reasonCode()).isEqualTo(0x92);
        assertThat(pubrel.properties().string(PropertyId.REASON_STRING)).isEqualTo("gone");
        assertThat(RawPacket.parse(PacketBytes.pubcomp(5).build()).packetId()).isEqualTo(5);
    }

    @Test
    void readsBackSubAcksAndUnsubAcksInBothVersions() {
        RawPacket v3 = RawPacket.parse(PacketBytes.suback(7).reasonCodes(0, 1, 0x80).build());
        assertThat(v3.packetId()).isEqualTo(7);
        assertThat(v3.subAckReasonCodes(false)).containsExactly(0, 1, 0x80);

        RawPacket v5 = RawPacket.parse(PacketBytes.suback(8).v5().reasonString("r").reasonCodes(2, 0x8F).build());
        assertThat(v5.subAckReasonCodes(true)).containsExactly(2, 0x8F);
        assertThat(v5.properties().string(PropertyId.REASON_STRING)).isEqualTo("r");

        assertThat(RawPacket.parse(PacketBytes.unsuback(9).build()).unsubAckReasonCodes(false)).isEmpty();
        assertThat(RawPacket.parse(PacketBytes.unsuback(9).v5().reasonCodes(0, 0x11).build())
                .unsubAckReasonCodes(true)).containsExactly(0, 0x11);
    }

    @Test
    void readsBackDisconnectAndAuth() {
        assertThat(RawPacket.parse(PacketBytes.disconnect().build()).reasonCode()).isZero();
        RawPacket disconnect = RawPacket.parse(PacketBytes.disconnect().reasonCode(0x8E).sessionExpiry(30)
                .serverReference("other").build());
        assertThat(disconnect.reasonCode()).isEqualTo(0x8E);
        assertThat(disconnect.properties().integer(PropertyId.SESSION_EXPIRY_INTERVAL)).isEqualTo(30);
        assertThat(disconnect.properties().string(PropertyId.SERVER_REFERENCE)).isEqualTo("other");

        RawPacket auth = RawPacket.parse(PacketBytes.auth().reasonCode(0x18).authenticationMethod("SCRAM")
                .authenticationData(new byte[] {9}).build());
        assertThat(auth.reasonCode()).isEqualTo(0x18);
        assertThat(auth.properties().string(PropertyId.AUTHENTICATION_METHOD)).isEqualTo("SCRAM");
        assertThat(auth.properties().binary(PropertyId.AUTHENTICATION_DATA)).containsExactly(9);
    }

    @Test
    void readsBackAMqtt5ConnectWithWillAndCredentials() {
        byte[] bytes = PacketBytes.connect().v5().clientId("c1").cleanStart(false).keepAlive(30).sessionExpiry(60)
                .receiveMaximum(10).maximumPacketSize(1000).topicAliasMaximum(5).requestProblemInformation(0)
                .userProperty("a", "b").will("will/t", "bye", 1, true).willDelay(5).willContentType("text")
                .username("u").password(new byte[] {0, 1}).build();

        RawConnect connect = RawPacket.parse(bytes).expectType(PacketType.CONNECT).connect();

        assertThat(connect.protocolName()).isEqualTo("MQTT");
        assertThat(connect.isV5()).isTrue();
        assertThat(connect.cleanStart()).isFalse();
        assertThat(connect.reservedFlag()).isFalse();
        assertThat(connect.keepAlive()).isEqualTo(30);
        assertThat(connect.clientId()).isEqualTo("c1");
        assertThat(connect.properties().integer(PropertyId.SESSION_EXPIRY_INTERVAL)).isEqualTo(60);
        assertThat(connect.properties().integer(PropertyId.MAXIMUM_PACKET_SIZE)).isEqualTo(1000);
        assertThat(connect.properties().userProperty("a")).isEqualTo("b");
        assertThat(connect.hasWill()).isTrue();
        assertThat(connect.willQos()).isEqualTo(1);
        assertThat(connect.willRetain()).isTrue();
        assertThat(connect.willTopic()).isEqualTo("will/t");
        assertThat(connect.willPayload()).isEqualTo("bye".getBytes());
        assertThat(connect.willProperties().integer(PropertyId.WILL_DELAY_INTERVAL)).isEqualTo(5);
        assertThat(connect.username()).isEqualTo("u");
        assertThat(connect.password()).containsExactly(0, 1);
    }

    @Test
    void readsBackAMqtt311ConnectWithoutOptionalFields() {
        RawConnect connect = RawPacket.parse(PacketBytes.connect().clientId("c").build()).connect();
        assertThat(connect.protocolLevel()).isEqualTo(4);
        assertThat(connect.properties()).isEqualTo(RawProperties.EMPTY);
        assertThat(connect.hasWill()).isFalse();
        assertThat(connect.willTopic()).isNull();
        assertThat(connect.username()).isNull();
        assertThat(connect.password()).isNull();
    }

    @Test
    void readsBackSubscribeAndUnsubscribe() {
        RawPacket subscribe = RawPacket.parse(PacketBytes.subscribe().v5().packetId(11).subscriptionIdentifier(3)
                .filter("a/+", 2).filter("$share/g/b", 1, true, false, 1).build());
        assertThat(subscribe.packetId()).isEqualTo(11);
        assertThat(subscribe.properties().subscriptionIdentifiers()).containsExactly(3);
        List<RawSubscription> filters = subscribe.subscribeFilters(true);
        assertThat(filters).extracting(RawSubscription::filter).containsExactly("a/+", "$share/g/b");
        assertThat(filters.get(0).qos()).isEqualTo(2);
        assertThat(filters.get(1).noLocal()).isTrue();
        assertThat(filters.get(1).retainAsPublished()).isFalse();
        assertThat(filters.get(1).retainHandling()).isEqualTo(1);

        RawPacket unsubscribe = RawPacket.parse(PacketBytes.unsubscribe().packetId(12).filter("x").filter("y")
                .build());
        assertThat(unsubscribe.unsubscribeFilters(false)).containsExactly("x", "y");
    }
}
