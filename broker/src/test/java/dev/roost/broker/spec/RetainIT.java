package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.packetsBeforePingResp;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.subscribePacket;
import static dev.roost.broker.spec.SpecPackets.unique;
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
 * Retained messages (MQTT 5.0 3.3.1.3, 3.8.3.1; 3.1.1 3.3.1.3): store, replace, clear, the RETAIN flag on the way
 * out, Retain As Published and Retain Handling. Clause ids are MQTT 5.0's; a 3.1.1 id is named where it differs.
 *
 * <p>Retained messages are published at QoS 1 and the PUBACK awaited, so they are stored before anyone subscribes.
 * "Nothing else was sent" is checked with a PINGREQ: retained messages are sent on the subscriber's lane right after
 * the SUBACK, so they all precede the PINGRESP.
 */
@DisplayName("Retained messages (3.3.1.3)")
class RetainIT {
    private static final MqttVersion V5 = MqttVersion.V5;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.3.1-5] [MQTT-5.0 §3.3.1.3] (3.1.1: [MQTT-3.3.1-5] [MQTT-3.3.1-6] [MQTT-3.3.1-8]) a retained "
            + "message is stored and sent to a new subscription with RETAIN 1, at the lower of its QoS and the granted one")
    void retainedMessageIsSentToANewSubscriptionWithRetainSet(MqttVersion v) {
        String topic = unique("ret/store/t");
        broker.publishRetained(v, topic, "v1");

        RawMqttClient subscriber = broker.subscriber(v, topic, 2);

        RawPacket retained = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(retained.publishTopic()).isEqualTo(topic);
        assertThat(retained.publishRetain()).isTrue();
        assertThat(retained.publishQos()).as("stored with its QoS 1").isEqualTo(1);
        assertThat(retained.publishPayloadString(v.isV5())).isEqualTo("v1");

        RawMqttClient qos0Subscriber = broker.subscriber(v, topic, 0);
        RawPacket downgraded = qos0Subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(downgraded.publishQos()).isZero();
        assertThat(downgraded.publishRetain()).isTrue();
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-5] a retained message replaces the one stored for its topic")
    void retainedMessageReplacesThePreviousOne(MqttVersion v) {
        String topic = unique("ret/replace/t");
        broker.publishRetained(v, topic, "old");
        broker.publishRetained(v, topic, "new");

        RawMqttClient subscriber = broker.subscriber(v, topic, 1);

        assertThat(packetsBeforePingResp(subscriber)).extracting(p -> p.publishPayloadString(v.isV5()))
                .containsExactly("new");
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-6] [MQTT-3.3.1-7] (3.1.1: [MQTT-3.3.1-10] [MQTT-3.3.1-11]) an empty retained message is "
            + "forwarded as normal and clears the stored one")
    void emptyRetainedMessageClearsTheStoredOne(MqttVersion v) {
        String topic = unique("ret/clear/t");
        broker.publishRetained(v, topic, "v1");
        RawMqttClient existing = broker.subscriber(v, topic, 1);
        assertThat(existing.receive().expectType(PacketType.PUBLISH).publishRetain()).isTrue();

        broker.publishRetained(v, topic, "");

        RawPacket forwarded = existing.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishPayload(v.isV5())).as("forwarded as normal").isEmpty();
        assertThat(forwarded.publishRetain()).as("to an established subscription").isFalse();
        RawMqttClient late = broker.subscriber(v, topic, 1);
        assertThat(packetsBeforePingResp(late)).as("nothing is retained any more").isEmpty();
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-8] (3.1.1: [MQTT-3.3.1-12]) a message with RETAIN 0 neither replaces nor removes the "
            + "retained one")
    void nonRetainedMessageLeavesTheRetainedOneAlone(MqttVersion v) {
        String topic = unique("ret/keep/t");
        broker.publishRetained(v, topic, "kept");
        broker.publishQos1(v, topic, "transient");
        broker.publishQos1(v, topic, "");

        RawMqttClient subscriber = broker.subscriber(v, topic, 1);

        assertThat(packetsBeforePingResp(subscriber)).extracting(p -> p.publishPayloadString(v.isV5()))
                .containsExactly("kept");
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-12] (3.1.1: [MQTT-3.3.1-9]) a retained message forwarded to an established subscription "
            + "has RETAIN 0")
    void forwardingToAnEstablishedSubscriptionClearsRetain(MqttVersion v) {
        String topic = unique("ret/fwd/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);

        broker.publishRetained(v, topic, "live");

        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishPayloadString(v.isV5())).isEqualTo("live");
        assertThat(forwarded.publishRetain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-13] Retain As Published forwards the RETAIN flag as it was published")
    void retainAsPublishedKeepsTheFlag() {
        String topic = unique("ret/rap/t");
        RawMqttClient subscriber = broker.connect(V5, unique("sub"));
        subscribe(subscriber, V5, subscribePacket(V5).packetId(1).filter(topic, 1, false, true, 0), 1);

        broker.publishRetained(V5, topic, "retained");
        broker.connect(V5, unique("pub")).send(qos0(V5, topic, "plain"));

        RawPacket first = subscriber.receive().expectType(PacketType.PUBLISH);
        RawPacket second = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(first.publishPayloadString(true)).isEqualTo("retained");
        assertThat(first.publishRetain()).isTrue();
        assertThat(second.publishPayloadString(true)).isEqualTo("plain");
        assertThat(second.publishRetain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] [MQTT-3.8.4-4] Retain Handling 0 sends the retained messages on every subscribe, "
            + "a repeated one included")
    void retainHandlingZeroSendsOnEverySubscribe() {
        String topic = unique("ret/rh0/t");
        broker.publishRetained(V5, topic, "r");
        RawMqttClient subscriber = broker.connect(V5, unique("sub"));

        subscribeWithRetainHandling(subscriber, topic, 0);
        assertThat(packetsBeforePingResp(subscriber)).hasSize(1);
        subscribeWithRetainHandling(subscriber, topic, 0);
        List<RawPacket> again = packetsBeforePingResp(subscriber);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).publishRetain()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-10] Retain Handling 1 sends the retained messages only when the subscription is new")
    void retainHandlingOneSendsOnlyForANewSubscription() {
        String topic = unique("ret/rh1/t");
        broker.publishRetained(V5, topic, "r");
        RawMqttClient subscriber = broker.connect(V5, unique("sub"));

        subscribeWithRetainHandling(subscriber, topic, 1);
        List<RawPacket> first = packetsBeforePingResp(subscriber);
        subscribeWithRetainHandling(subscriber, topic, 1);
        List<RawPacket> second = packetsBeforePingResp(subscriber);

        assertThat(first).hasSize(1);
        assertThat(first.get(0).publishRetain()).isTrue();
        assertThat(second).as("the subscription already existed").isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-11] Retain Handling 2 never sends the retained messages")
    void retainHandlingTwoNeverSends() {
        String topic = unique("ret/rh2/t");
        broker.publishRetained(V5, topic, "r");
        RawMqttClient subscriber = broker.connect(V5, unique("sub"));

        subscribeWithRetainHandling(subscriber, topic, 2);

        assertThat(packetsBeforePingResp(subscriber)).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] [MQTT-5.0 §3.8.2.1.2] a retained message sent for a new subscription carries its "
            + "Subscription Identifier")
    void retainedMessageCarriesTheSubscriptionIdentifier() {
        String topic = unique("ret/subid/t");
        broker.publishRetained(V5, topic, "r");
        RawMqttClient subscriber = broker.connect(V5, unique("sub"));

        subscribe(subscriber, V5, subscribePacket(V5).packetId(1).subscriptionIdentifier(77).filter(topic, 1), 1);

        RawPacket retained = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(retained.publishRetain()).isTrue();
        assertThat(retained.properties().subscriptionIdentifiers()).containsExactly(77);
    }

    @BothVersions
    @DisplayName("[MQTT-3.3.1-9] [MQTT-4.7.2-1] (3.1.1: [MQTT-3.3.1-6]) a '#' subscription gets the retained message "
            + "of every matching topic, none of a '$' topic")
    void multiLevelWildcardGetsEveryMatchingRetainedMessage(MqttVersion v) {
        String root = unique("ret/hash");
        String dollarTopic = "$" + root + "/x";
        broker.publishRetained(v, root + "/a", "a");
        broker.publishRetained(v, root + "/b/c", "bc");
        broker.publishRetained(v, dollarTopic, "dollar");

        RawMqttClient scoped = broker.subscriber(v, root + "/#", 0);
        RawMqttClient everything = broker.subscriber(v, "#", 0);

        List<RawPacket> scopedSent = packetsBeforePingResp(scoped);
        assertThat(scopedSent).extracting(RawPacket::publishTopic).containsExactlyInAnyOrder(root + "/a", root + "/b/c");
        assertThat(scopedSent).allMatch(RawPacket::publishRetain);
        List<RawPacket> allSent = packetsBeforePingResp(everything);
        assertThat(allSent).extracting(RawPacket::publishTopic).contains(root + "/a", root + "/b/c")
                .noneMatch(topic -> topic.startsWith("$"));
        assertThat(allSent).allMatch(RawPacket::publishRetain);
    }

    @BothVersions
    @DisplayName("[MQTT-5.0 §3.3.1.3] [MQTT-5.0 §4.8.2] a shared subscription gets no retained messages")
    void sharedSubscriptionGetsNoRetainedMessages(MqttVersion v) {
        String topic = unique("ret/shared/t");
        broker.publishRetained(v, topic, "r");

        RawMqttClient member = broker.subscriber(v, "$share/" + unique("g") + "/" + topic, 1);

        assertThat(packetsBeforePingResp(member)).isEmpty();
    }

    /** Subscribes a 5.0 client to {@code topic} at QoS 1 with {@code retainHandling} and checks the SUBACK. */
    private static void subscribeWithRetainHandling(RawMqttClient subscriber, String topic, int retainHandling) {
        subscribe(subscriber, V5, subscribePacket(V5).packetId(1).filter(topic, 1, false, false, retainHandling), 1);
    }
}
