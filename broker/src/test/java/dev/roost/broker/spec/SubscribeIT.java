package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.packetsBefore;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.subscribePacket;
import static dev.roost.broker.spec.SpecPackets.unique;
import static dev.roost.broker.spec.SpecPackets.unsubscribePacket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (3.8-3.11) and topic wildcards (4.7), both protocol versions. Clause ids
 * are MQTT 5.0's; a 3.1.1 id is named where it differs.
 */
@DisplayName("SUBSCRIBE / UNSUBSCRIBE and wildcards (3.8-3.11, 4.7)")
class SubscribeIT {
    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-5.0 §4.7.1.3] '+' matches exactly one level, an empty one included")
    void singleLevelWildcardMatchesExactlyOneLevel(MqttVersion v) {
        String root = unique("sub/plus");
        RawMqttClient subscriber = broker.subscriber(v, root + "/+/c", 0);
        subscribe(subscriber, v, root + "/marker", 0);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(qos0(v, root + "/b/c", "one level"),
                qos0(v, root + "//c", "empty level"),
                qos0(v, root + "/b/x/c", "two levels"),
                qos0(v, root + "/c", "no level"),
                qos0(v, root + "/b/c/d", "deeper"),
                qos0(v, root + "/marker", "end"));

        assertThat(topics(packetsBefore(subscriber, root + "/marker")))
                .containsExactly(root + "/b/c", root + "//c");
    }

    @BothVersions
    @DisplayName("[MQTT-5.0 §4.7.1.2] '#' matches the parent level and any number of child levels")
    void multiLevelWildcardMatchesParentAndChildren(MqttVersion v) {
        String root = unique("sub/hash");
        String marker = unique("sub/marker");
        RawMqttClient subscriber = broker.subscriber(v, root + "/#", 0);
        subscribe(subscriber, v, marker, 0);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(qos0(v, root, "parent"),
                qos0(v, root + "/a", "child"),
                qos0(v, root + "/a/b/c", "grandchild"),
                qos0(v, root + "x", "sibling"),
                qos0(v, marker, "end"));

        assertThat(topics(packetsBefore(subscriber, marker)))
                .containsExactly(root, root + "/a", root + "/a/b/c");
    }

    @BothVersions
    @DisplayName("[MQTT-3.8.4-2] [MQTT-3.8.4-5] [MQTT-3.8.4-6] [MQTT-3.9.3-1] [MQTT-4.7.1-1] [MQTT-4.7.1-2] one "
            + "SUBSCRIBE with invalid filters: a failure code per invalid filter (3.1.1 0x80, 5.0 0x8F), the valid ones "
            + "granted, codes in filter order")
    void invalidFiltersFailIndividuallyInOneSubscribe(MqttVersion v) {
        String root = unique("sub/mixed");
        int failure = v.isV5() ? 0x8F : 0x80;
        RawMqttClient subscriber = broker.connect(v, unique("sub"));

        subscriber.send(subscribePacket(v).packetId(42)
                .filter(root + "/a", 1)
                .filter(root + "/#/x", 0)
                .filter(root + "/+/b", 2)
                .filter(root + "/c+", 1)
                .filter(root + "/d", 0)
                .build());

        RawPacket subAck = subscriber.receive().expectType(PacketType.SUBACK);
        assertThat(subAck.packetId()).isEqualTo(42);
        assertThat(subAck.subAckReasonCodes(v.isV5())).containsExactly(1, failure, 2, failure, 0);

        RawMqttClient publisher = broker.connect(v, unique("pub"));
        publisher.send(publishPacket(v, root + "/a", "a").qos(1).packetId(1).build(),
                publishPacket(v, root + "/z/b", "b").qos(2).packetId(2).build(),
                qos0(v, root + "/d", "d"));
        RawPacket a = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket b = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket d = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(List.of(a.publishQos(), b.publishQos(), d.publishQos())).containsExactly(1, 2, 0);
        assertThat(topics(List.of(a, b, d))).containsExactly(root + "/a", root + "/z/b", root + "/d");
    }

    @BothVersions
    @DisplayName("[MQTT-3.8.4-3] subscribing again to an identical filter replaces the subscription: the new QoS "
            + "applies and messages are not delivered twice")
    void identicalFilterReplacesTheSubscription(MqttVersion v) {
        String topic = unique("sub/replace/t");
        String marker = topic + "/marker";
        RawMqttClient subscriber = broker.subscriber(v, topic, 0);
        subscribe(subscriber, v, marker, 0);
        subscribe(subscriber, v, topic, 2);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, topic, "x").qos(2).packetId(1).build(), qos0(v, marker, "end"));

        List<RawPacket> copies = packetsBefore(subscriber, marker);
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).publishQos()).as("the replacing subscription's QoS").isEqualTo(2);
    }

    @BothVersions
    @DisplayName("[MQTT-3.10.4-2] [MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBSCRIBE is answered with UNSUBACK of the same "
            + "packet id and stops delivery")
    void unsubscribeStopsDelivery(MqttVersion v) {
        String topic = unique("sub/unsub/t");
        String marker = topic + "/marker";
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        subscribe(subscriber, v, marker, 0);

        subscriber.send(unsubscribePacket(v).packetId(31).filter(topic).build());

        RawPacket unsubAck = subscriber.receive().expectType(PacketType.UNSUBACK);
        assertThat(unsubAck.packetId()).isEqualTo(31);
        assertThat(unsubAck.unsubAckReasonCodes(v.isV5())).isEqualTo(v.isV5() ? List.of(0x00) : List.of());
        RawMqttClient publisher = broker.connect(v, unique("pub"));
        publisher.send(publishPacket(v, topic, "x").qos(1).packetId(1).build(), qos0(v, marker, "end"));
        assertThat(packetsBefore(subscriber, marker)).isEmpty();
    }

    @BothVersions
    @DisplayName("[MQTT-3.10.4-1] UNSUBSCRIBE compares filters character by character: 'a/b' does not remove 'a/+'")
    void unsubscribeComparesFiltersLiterally(MqttVersion v) {
        String root = unique("sub/literal");
        RawMqttClient subscriber = broker.subscriber(v, root + "/+", 0);

        subscriber.send(unsubscribePacket(v).packetId(2).filter(root + "/b").build());

        RawPacket unsubAck = subscriber.receive().expectType(PacketType.UNSUBACK);
        assertThat(unsubAck.packetId()).isEqualTo(2);
        if (v.isV5()) {
            assertThat(unsubAck.unsubAckReasonCodes(true)).containsExactly(0x11);
        }
        broker.connect(v, unique("pub")).send(qos0(v, root + "/b", "still subscribed"));
        assertThat(subscriber.receive().expectType(PacketType.PUBLISH).publishTopic()).isEqualTo(root + "/b");
    }

    @Test
    @DisplayName("[MQTT-3.10.4-6] [MQTT-3.11.3-1] [MQTT-3.11.3-2] 5.0 UNSUBACK: 0x00 for a removed subscription, "
            + "0x11 No subscription existed, in filter order")
    void unsubAckReportsPerFilterWhetherASubscriptionExisted() {
        MqttVersion v = MqttVersion.V5;
        String root = unique("sub/unsuback");
        RawMqttClient subscriber = broker.subscriber(v, root + "/a", 0);
        subscribe(subscriber, v, root + "/c", 0);

        subscriber.send(unsubscribePacket(v).packetId(9)
                .filter(root + "/a").filter(root + "/b").filter(root + "/c").filter(root + "/a").build());

        RawPacket unsubAck = subscriber.receive().expectType(PacketType.UNSUBACK);
        assertThat(unsubAck.packetId()).isEqualTo(9);
        assertThat(unsubAck.unsubAckReasonCodes(true)).containsExactly(0x00, 0x11, 0x00, 0x11);
    }

    private static List<String> topics(List<RawPacket> packets) {
        return packets.stream().map(p -> p.expectType(PacketType.PUBLISH).publishTopic()).toList();
    }
}
