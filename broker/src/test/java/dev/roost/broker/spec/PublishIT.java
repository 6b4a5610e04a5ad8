package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.expectAck;
import static dev.roost.broker.spec.Exchanges.packetsBefore;
import static dev.roost.broker.spec.Exchanges.packetsBeforePingResp;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.subscribePacket;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import dev.roost.testkit.SubscribeBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PUBLISH and its acknowledgements (MQTT 5.0 3.3-3.7, 3.1.1 3.3-3.7) and the QoS delivery protocols (4.3), in both
 * directions and both protocol versions. Clause ids are MQTT 5.0's; a 3.1.1 id is named where it differs.
 */
@DisplayName("PUBLISH and the QoS 0/1/2 flows (3.3-3.7, 4.3)")
class PublishIT {
    private static final int PUBREL_FLAGS = 0x02;
    private static final int SUCCESS = 0x00;
    private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-4.3.1-1] [MQTT-3.3.1-2] QoS 0 is forwarded with QoS 0, DUP 0 and no packet id, and is not acknowledged")
    void qos0IsForwardedWithoutPacketIdAndNotAcknowledged(MqttVersion v) {
        String topic = unique("pub/q0/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 2);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(qos0(v, topic, "hello"));

        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishTopic()).isEqualTo(topic);
        assertThat(forwarded.publishQos()).isZero();
        assertThat(forwarded.publishDup()).isFalse();
        assertThat(forwarded.publishPayloadString(v.isV5())).isEqualTo("hello");
        int propertyLength = v.isV5() ? 1 : 0;
        assertThat(forwarded.remainingLength()).as("topic, no packet id, payload")
                .isEqualTo(2 + topic.length() + propertyLength + "hello".length());
        assertThat(packetsBeforePingResp(publisher)).as("nothing acknowledges QoS 0").isEmpty();
    }

    @BothVersions
    @DisplayName("[MQTT-4.3.2-2] [MQTT-4.3.2-4] QoS 1: PUBACK carries the publisher's packet id; the subscriber gets QoS 1, "
            + "DUP 0, a non-zero id, and no repeat after its PUBACK")
    void qos1IsAcknowledgedWithPubAckInBothDirections(MqttVersion v) {
        String topic = unique("pub/q1/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, topic, "one").qos(1).packetId(7).build());

        RawPacket pubAck = expectAck(publisher, PacketType.PUBACK, 7, SUCCESS);
        if (!v.isV5()) {
            assertThat(pubAck.remainingLength()).as("3.1.1 PUBACK is the packet id only").isEqualTo(2);
        }
        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishQos()).isEqualTo(1);
        assertThat(forwarded.publishDup()).isFalse();
        assertThat(forwarded.publishPacketId()).isNotZero();
        assertThat(forwarded.publishPayloadString(v.isV5())).isEqualTo("one");

        subscriber.send(PacketBytes.puback(forwarded.publishPacketId()).build());

        assertThat(packetsBeforePingResp(subscriber)).isEmpty();
        assertThat(packetsBeforePingResp(publisher)).isEmpty();
    }

    @BothVersions
    @DisplayName("[MQTT-4.3.3-2] [MQTT-4.3.3-4] [MQTT-4.3.3-8] [MQTT-4.3.3-11] QoS 2: PUBREC, PUBREL, PUBCOMP with one "
            + "packet id in both directions")
    void qos2RunsTheFourPacketExchangeInBothDirections(MqttVersion v) {
        String topic = unique("pub/q2/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 2);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, topic, "two").qos(2).packetId(9).build());
        expectAck(publisher, PacketType.PUBREC, 9, SUCCESS);
        publisher.send(PacketBytes.pubrel(9).build());
        expectAck(publisher, PacketType.PUBCOMP, 9, SUCCESS);

        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishQos()).isEqualTo(2);
        assertThat(forwarded.publishDup()).isFalse();
        int id = forwarded.publishPacketId();
        assertThat(id).isNotZero();
        assertThat(forwarded.publishPayloadString(v.isV5())).isEqualTo("two");
        subscriber.send(PacketBytes.pubrec(id).build());
        RawPacket pubRel = subscriber.receive().expectType(PacketType.PUBREL);
        assertThat(pubRel.packetId()).isEqualTo(id);
        assertThat(pubRel.flags()).as("PUBREL fixed header flags [MQTT-3.6.1-1]").isEqualTo(PUBREL_FLAGS);
        subscriber.send(PacketBytes.pubcomp(id).build());

        assertThat(packetsBeforePingResp(subscriber)).as("nothing is re-sent once complete").isEmpty();
        assertThat(packetsBeforePingResp(publisher)).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.4.2.1] [MQTT-5.0 §3.5.2.1] 5.0: a QoS 1 or 2 PUBLISH that matches no subscription is acknowledged "
            + "with 0x10 No matching subscribers")
    void publishWithoutSubscribersIsAcknowledgedWithNoMatchingSubscribers() {
        MqttVersion v = MqttVersion.V5;
        RawMqttClient publisher = broker.connect(v, unique("lonely"));
        String topic = unique("pub/nobody/t");

        publisher.send(publishPacket(v).topic(topic).qos(1).packetId(1).build(),
                publishPacket(v).topic(topic).qos(2).packetId(2).build());

        expectAck(publisher, PacketType.PUBACK, 1, NO_MATCHING_SUBSCRIBERS);
        expectAck(publisher, PacketType.PUBREC, 2, NO_MATCHING_SUBSCRIBERS);
        publisher.send(PacketBytes.pubrel(2).build());
        // 0x10 is a success code: the exchange goes on.
        expectAck(publisher, PacketType.PUBCOMP, 2, SUCCESS);
    }

    @BothVersions
    @DisplayName("[MQTT-2.2.1-4] (3.1.1: [MQTT-2.3.1-1] [MQTT-2.3.1-4]) in-flight PUBLISH packets to one client carry "
            + "non-zero, distinct packet ids")
    void inFlightPacketIdsAreNonZeroAndDistinct(MqttVersion v) {
        String topic = unique("pub/ids/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 2);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        for (int i = 1; i <= 8; i++) {
            publisher.send(publishPacket(v, topic, "m" + i).qos(i % 2 + 1).packetId(i).build());
        }

        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            ids.add(subscriber.receive().expectType(PacketType.PUBLISH).publishPacketId());
        }
        assertThat(ids).doesNotContain(0).doesNotHaveDuplicates();
    }

    @BothVersions
    @DisplayName("[MQTT-3.8.4-8] (3.1.1: [MQTT-3.8.4-6]) a message goes out at the minimum of its QoS and the granted "
            + "QoS, never upgraded")
    void deliveryQosIsTheMinimumOfPublishedAndGranted(MqttVersion v) {
        String root = unique("pub/down");
        RawMqttClient subscriber = broker.subscriber(v, root + "/zero", 0);
        subscribe(subscriber, v, root + "/one", 1);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, root + "/zero", "a").qos(2).packetId(1).build(),
                publishPacket(v, root + "/one", "b").qos(2).packetId(2).build(),
                qos0(v, root + "/one", "c"));

        RawPacket first = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket second = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket third = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(first.publishTopic()).isEqualTo(root + "/zero");
        assertThat(first.publishQos()).as("QoS 2 message on a QoS 0 subscription").isZero();
        assertThat(second.publishTopic()).isEqualTo(root + "/one");
        assertThat(second.publishQos()).as("QoS 2 message on a QoS 1 subscription").isEqualTo(1);
        assertThat(third.publishPayloadString(v.isV5())).isEqualTo("c");
        assertThat(third.publishQos()).as("QoS 0 message on a QoS 1 subscription").isZero();
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4] (3.1.1: [MQTT-3.3.5-1]) overlapping subscriptions of one "
            + "client get one copy at the highest granted QoS, carrying every matching subscription identifier")
    void overlappingSubscriptionsGetOneCopyAtTheHighestQos(MqttVersion v) {
        String root = unique("pub/ov");
        RawMqttClient subscriber = broker.connect(v, unique("sub"));
        subscribe(subscriber, v, withId(v, 11).filter(root + "/+/c", 0), 0);
        subscribe(subscriber, v, withId(v, 12).filter(root + "/#", 2), 2);
        subscribe(subscriber, v, withId(v, 13).filter(root + "/b/+", 1), 1);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, root + "/b/c", "x").qos(2).packetId(3).build(),
                qos0(v, root + "/marker", "end"));

        List<RawPacket> copies = packetsBefore(subscriber, root + "/marker");
        assertThat(copies).hasSize(1);
        RawPacket copy = copies.get(0).expectType(PacketType.PUBLISH);
        assertThat(copy.publishQos()).isEqualTo(2);
        if (v.isV5()) {
            assertThat(copy.properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(11, 12, 13);
        }
    }

    @BothVersions
    @DisplayName("[MQTT-4.3.3-10] [MQTT-4.3.3-12] (3.1.1: [MQTT-4.3.3-2]) a QoS 2 PUBLISH re-sent with DUP before PUBREL "
            + "gets PUBREC again and is delivered once; after PUBCOMP the id starts a new message")
    void resentQos2PublishBeforePubRelIsDeliveredOnce(MqttVersion v) {
        String topic = unique("pub/dup/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 0);
        subscribe(subscriber, v, topic + "/marker", 0);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, topic, "first").qos(2).packetId(5).build());
        assertThat(publisher.receive().expectType(PacketType.PUBREC).packetId()).isEqualTo(5);
        publisher.send(publishPacket(v, topic, "first").qos(2).dup(true).packetId(5).build());
        assertThat(publisher.receive().expectType(PacketType.PUBREC).packetId()).isEqualTo(5);
        publisher.send(PacketBytes.pubrel(5).build());
        assertThat(publisher.receive().expectType(PacketType.PUBCOMP).packetId()).isEqualTo(5);
        publisher.send(publishPacket(v, topic, "second").qos(2).packetId(5).build());
        assertThat(publisher.receive().expectType(PacketType.PUBREC).packetId()).isEqualTo(5);
        publisher.send(qos0(v, topic + "/marker", "end"));

        List<String> payloads = payloads(packetsBefore(subscriber, topic + "/marker"), v);
        assertThat(payloads).containsExactly("first", "second");
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-3] the DUP flag of an incoming PUBLISH is not propagated to subscribers")
    void dupFlagIsNotPropagated(MqttVersion v) {
        String topic = unique("pub/dupflag/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 2);
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(publishPacket(v, topic, "again?").qos(1).dup(true).packetId(3).build());

        assertThat(publisher.receive().expectType(PacketType.PUBACK).packetId()).isEqualTo(3);
        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishQos()).isEqualTo(1);
        assertThat(forwarded.publishDup()).isFalse();
    }

    @BothVersions
    @DisplayName("[MQTT-4.3.3-11] [MQTT-2.2.1-5] a PUBREL for an unknown packet id gets PUBCOMP with that id "
            + "(5.0: 0x92 Packet Identifier not found)")
    void pubRelForAnUnknownIdGetsPubComp(MqttVersion v) {
        RawMqttClient client = broker.connect(v, unique("rel"));

        client.send(PacketBytes.pubrel(77).build());

        RawPacket pubComp = client.receive().expectType(PacketType.PUBCOMP);
        assertThat(pubComp.packetId()).isEqualTo(77);
        if (v.isV5()) {
            assertThat(pubComp.reasonCode()).isEqualTo(0x92);
        } else {
            assertThat(pubComp.remainingLength()).as("3.1.1 PUBCOMP is the packet id only").isEqualTo(2);
        }
    }

    @BothVersions
    @DisplayName("[MQTT-4.6.0-5] [MQTT-4.6.0-6] messages from one publisher on one topic arrive in the order published")
    void messagesOfOnePublisherKeepTheirOrderPerTopic(MqttVersion v) {
        String topic = unique("pub/order/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient publisher = broker.connect(v, unique("pub"));
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            sent.add("m" + i);
            publisher.send(publishPacket(v, topic, "m" + i).qos(1).packetId(i).build());
        }

        List<String> received = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            RawPacket p = subscriber.receive().expectType(PacketType.PUBLISH);
            received.add(p.publishPayloadString(v.isV5()));
            subscriber.send(PacketBytes.puback(p.publishPacketId()).build());
        }
        assertThat(received).containsExactlyElementsOf(sent);
        List<Integer> acked = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            acked.add(publisher.receive().expectType(PacketType.PUBACK).packetId());
        }
        assertThat(acked).as("PUBACKs in publish order")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
    }

    @BothVersions
    @DisplayName("[MQTT-4.7.2-1] topic filters starting with '#' or '+' do not match topic names starting with '$'")
    void leadingWildcardsDoNotMatchDollarTopics(MqttVersion v) {
        String level = unique("dollar");
        String dollarTopic = "$" + level + "/x";
        RawMqttClient wildcard = broker.subscriber(v, "#", 0);
        subscribe(wildcard, v, "+/x", 0);
        subscribe(wildcard, v, "+/+", 0);
        RawMqttClient explicit = broker.subscriber(v, "$" + level + "/+", 0);
        String marker = level + "/x";
        RawMqttClient publisher = broker.connect(v, unique("pub"));

        publisher.send(qos0(v, dollarTopic, "dollar"), qos0(v, marker, "end"));

        assertThat(packetsBefore(wildcard, marker)).as("'#', '+/x' and '+/+' must not match " + dollarTopic)
                .noneMatch(p -> p.is(PacketType.PUBLISH) && p.publishTopic().startsWith("$"));
        RawPacket forwarded = explicit.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishTopic()).as("a filter starting with '$' does match").isEqualTo(dollarTopic);
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] No Local: a client's own messages are not forwarded to its No Local subscription, "
            + "other clients' messages are")
    void noLocalSuppressesOnlyTheClientsOwnMessages() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("pub/nl/t");
        String marker = topic + "/marker";
        RawMqttClient client = broker.connect(v, unique("self"));
        subscribe(client, v, subscribePacket(v).packetId(1).filter(topic, 0, true, false, 0), 0);
        subscribe(client, v, marker, 0);
        RawMqttClient other = broker.subscriber(v, topic, 0);

        client.send(qos0(v, topic, "own"), qos0(v, marker, "end"));

        assertThat(packetsBefore(client, marker)).as("own message on a No Local subscription").isEmpty();
        assertThat(other.receive().expectType(PacketType.PUBLISH).publishPayloadString(true)).isEqualTo("own");

        other.send(qos0(v, topic, "theirs"));

        RawPacket fromOther = client.receive().expectType(PacketType.PUBLISH);
        assertThat(fromOther.publishPayloadString(true)).isEqualTo("theirs");
    }

    /** A one-filter SUBSCRIBE (packet id 1) that carries {@code identifier} in 5.0 and none in 3.1.1. */
    private static SubscribeBuilder withId(MqttVersion v, int identifier) {
        SubscribeBuilder subscribe = subscribePacket(v).packetId(1);
        return v.isV5() ? subscribe.subscriptionIdentifier(identifier) : subscribe;
    }

    private static List<String> payloads(List<RawPacket> packets, MqttVersion v) {
        List<String> payloads = new ArrayList<>();
        for (RawPacket p : packets) {
            payloads.add(new String(p.expectType(PacketType.PUBLISH).publishPayload(v.isV5()), StandardCharsets.UTF_8));
        }
        return payloads;
    }
}
