package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.packetsBefore;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topic aliases (MQTT 5.0 3.3.2.3.4) in both directions: a client's aliases toward the broker (up to the broker's Topic
 * Alias Maximum, default 64) and the aliases the broker assigns toward a client that announced a Topic Alias Maximum.
 */
@DisplayName("Topic aliases (3.3.2.3.4)")
class TopicAliasIT {
    private static final MqttVersion V5 = MqttVersion.V5;
    private static final int BROKER_TOPIC_ALIAS_MAXIMUM = 64;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @Test
    @DisplayName("[MQTT-3.3.2-12] the broker accepts a client's alias: set with a topic, then used with an empty topic "
            + "name, then remapped to another topic")
    void clientAliasIsSetReusedAndRemapped() {
        String root = unique("alias/in");
        RawMqttClient subscriber = broker.subscriber(V5, root + "/+", 0);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        publisher.send(publishPacket(V5, root + "/a", "1").topicAlias(BROKER_TOPIC_ALIAS_MAXIMUM).build(),
                publishPacket(V5, "", "2").topicAlias(BROKER_TOPIC_ALIAS_MAXIMUM).build(),
                publishPacket(V5, root + "/b", "3").topicAlias(BROKER_TOPIC_ALIAS_MAXIMUM).build(),
                publishPacket(V5, "", "4").topicAlias(BROKER_TOPIC_ALIAS_MAXIMUM).build());

        for (String[] expected : new String[][] {{"/a", "1"}, {"/a", "2"}, {"/b", "3"}, {"/b", "4"}}) {
            RawPacket p = subscriber.receive().expectType(PacketType.PUBLISH);
            assertThat(p.publishTopic()).isEqualTo(root + expected[0]);
            assertThat(p.publishPayloadString(true)).isEqualTo(expected[1]);
            assertThat(p.properties().contains(PropertyId.TOPIC_ALIAS))
                    .as("the subscriber announced no Topic Alias Maximum").isFalse();
        }
    }

    @ParameterizedTest(name = "alias {0}")
    @ValueSource(ints = {0, BROKER_TOPIC_ALIAS_MAXIMUM + 1})
    @DisplayName("[MQTT-3.3.2-8] [MQTT-3.3.2-9] [MQTT-3.2.2-17] a Topic Alias of 0 or above the broker's maximum gets "
            + "DISCONNECT 0x94 Topic Alias invalid")
    void invalidAliasIsDisconnectedWithTopicAliasInvalid(int alias) {
        RawMqttClient client = broker.connect(V5, unique("bad"));

        client.send(publishPacket(V5, unique("alias/bad"), "x").topicAlias(alias).build());

        closedAfterDisconnect(client, 0x94);
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.3.2.3.4] an empty topic name with an alias the client never set on this connection is "
            + "a Protocol Error (0x82)")
    void unknownAliasWithEmptyTopicIsAProtocolError() {
        RawMqttClient client = broker.connect(V5, unique("unset"));

        client.send(publishPacket(V5, "", "x").topicAlias(3).build());

        closedAfterDisconnect(client, 0x82);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] an alias the client set on an earlier connection is unknown on the next one (0x82)")
    void clientAliasDoesNotOutliveTheConnection() {
        String clientId = unique("forgetful");
        RawMqttClient first = broker.connect(V5, clientId);
        first.send(publishPacket(V5, unique("alias/old"), "set").topicAlias(2).build());
        disconnect(first);

        RawMqttClient second = broker.connect(V5, clientId);
        second.send(publishPacket(V5, "", "reuse").topicAlias(2).build());

        assertThat(second.receive().expectType(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] [MQTT-3.3.2-11] toward a client with a Topic Alias Maximum the broker sends a topic "
            + "once with an alias, then an empty topic name with the same alias")
    void brokerAssignsAliasesToRepeatedTopics() {
        String root = unique("alias/out");
        RawMqttClient subscriber = broker.connect(connectPacket(V5).clientId(unique("aliased")).topicAliasMaximum(5));
        subscribe(subscriber, V5, root + "/+", 1);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        publisher.send(qos0(V5, root + "/x", "x1"), qos0(V5, root + "/x", "x2"),
                qos0(V5, root + "/y", "y1"), qos0(V5, root + "/x", "x3"),
                qos0(V5, root + "/y", "y2"));

        RawPacket x1 = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket x2 = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket y1 = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket x3 = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket y2 = subscriber.receive().expectType(PacketType.PUBLISH);
        Integer xAlias = x1.properties().integer(PropertyId.TOPIC_ALIAS);
        Integer yAlias = y1.properties().integer(PropertyId.TOPIC_ALIAS);
        assertThat(xAlias).isBetween(1, 5);
        assertThat(yAlias).isBetween(1, 5).isNotEqualTo(xAlias);
        assertThat(x1.publishTopic()).isEqualTo(root + "/x");
        assertThat(y1.publishTopic()).isEqualTo(root + "/y");
        for (RawPacket repeat : new RawPacket[] {x2, x3}) {
            assertThat(repeat.publishTopic()).isEmpty();
            assertThat(repeat.properties().integer(PropertyId.TOPIC_ALIAS)).isEqualTo(xAlias);
        }
        assertThat(y2.publishTopic()).isEmpty();
        assertThat(y2.properties().integer(PropertyId.TOPIC_ALIAS)).isEqualTo(yAlias);
        assertThat(new RawPacket[] {x1, x2, y1, x3, y2}).extracting(p -> p.publishPayloadString(true))
                .containsExactly("x1", "x2", "y1", "x3", "y2");
    }

    @Test
    @DisplayName("[MQTT-3.3.2-11] the broker never uses an alias above the client's Topic Alias Maximum: once the "
            + "aliases are used up, further topics go out in full without one")
    void brokerStopsAssigningAliasesAtTheClientsMaximum() {
        String root = unique("alias/max");
        RawMqttClient subscriber = broker.connect(connectPacket(V5).clientId(unique("one")).topicAliasMaximum(1));
        subscribe(subscriber, V5, root + "/+", 0);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        publisher.send(qos0(V5, root + "/a", "a"), qos0(V5, root + "/b", "b1"),
                qos0(V5, root + "/b", "b2"));

        RawPacket a = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(a.properties().integer(PropertyId.TOPIC_ALIAS)).isEqualTo(1);
        for (String payload : new String[] {"b1", "b2"}) {
            RawPacket b = subscriber.receive().expectType(PacketType.PUBLISH);
            assertThat(b.publishPayloadString(true)).isEqualTo(payload);
            assertThat(b.publishTopic()).isEqualTo(root + "/b");
            assertThat(b.properties().contains(PropertyId.TOPIC_ALIAS)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-27] a client that announced no Topic Alias Maximum never gets an alias")
    void clientWithoutTopicAliasMaximumNeverGetsAnAlias() {
        String topic = unique("alias/none/t");
        RawMqttClient subscriber = broker.subscriber(V5, topic, 0);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        publisher.send(qos0(V5, topic, "1"), qos0(V5, topic, "2"), qos0(V5, topic, "3"));

        for (int i = 0; i < 3; i++) {
            RawPacket p = subscriber.receive().expectType(PacketType.PUBLISH);
            assertThat(p.publishTopic()).isEqualTo(topic);
            assertThat(p.properties().contains(PropertyId.TOPIC_ALIAS)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] aliases do not outlive the connection: after reconnecting the topic is sent in full "
            + "again")
    void brokerAliasesStartAfreshOnANewConnection() {
        String topic = unique("alias/again/t");
        String clientId = unique("again");
        RawMqttClient first = broker.connect(connectPacket(V5).clientId(clientId).topicAliasMaximum(5)
                .cleanStart(false).sessionExpiry(30));
        subscribe(first, V5, topic, 0);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));
        publisher.send(qos0(V5, topic, "1"));
        assertThat(first.receive().expectType(PacketType.PUBLISH).publishTopic()).isEqualTo(topic);
        disconnect(first);

        RawMqttClient second = broker.connect(connectPacket(V5).clientId(clientId).topicAliasMaximum(5)
                .cleanStart(false).sessionExpiry(0));
        publisher.send(qos0(V5, topic, "2"));

        RawPacket again = second.receive().expectType(PacketType.PUBLISH);
        assertThat(again.publishTopic()).isEqualTo(topic);
        assertThat(again.properties().integer(PropertyId.TOPIC_ALIAS)).isNotNull();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.3.2-11] an alias never makes a PUBLISH exceed the client's Maximum Packet Size")
    void aliasNeverPushesAPacketOverTheClientsMaximumPacketSize() {
        int maximumPacketSize = 100;
        String topic = unique("alias/size/t");
        String marker = topic + "/marker";
        RawMqttClient subscriber = broker.connect(connectPacket(V5).clientId(unique("tight"))
                .topicAliasMaximum(5).maximumPacketSize(maximumPacketSize));
        subscribe(subscriber, V5, topic, 0);
        subscribe(subscriber, V5, marker, 0);
        // Without an alias this PUBLISH is exactly the maximum: 1 + 1 + (2 + topic) + 1 (no properties) + payload.
        String payload = "p".repeat(maximumPacketSize - 5 - topic.length());
        byte[] exactlyMaximum = qos0(V5, topic, payload);
        assertThat(exactlyMaximum).hasSize(maximumPacketSize);

        broker.connect(V5, unique("pub")).send(exactlyMaximum, exactlyMaximum, qos0(V5, marker, "end"));

        List<RawPacket> delivered = packetsBefore(subscriber, marker);
        assertThat(delivered).as("it fits when sent without an alias").isNotEmpty()
                .allSatisfy(p -> assertThat(p.bytes()).hasSizeLessThanOrEqualTo(maximumPacketSize));
    }
}
