package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.disconnect;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shared subscriptions {@code $share/{ShareName}/{filter}} (MQTT 5.0 4.8.2), also accepted from 3.1.1 clients as
 * Mosquitto does. The broker's default policy is round robin.
 *
 * <p>Every member also has a plain subscription to a marker topic, published after the messages under test: when a
 * member sees the marker it has received every message it was chosen for.
 */
@DisplayName("Shared subscriptions (4.8.2)")
class SharedSubscriptionIT {
    private static final MqttVersion V5 = MqttVersion.V5;
    private static final int MESSAGES = 10;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @ParameterizedTest(name = "members {0} and {1}")
    @CsvSource({"V5, V5", "V3_1_1, V3_1_1", "V3_1_1, V5"})
    @DisplayName("[MQTT-5.0 §4.8.2] each message goes to exactly one member of the group, and round robin gives "
            + "both members some")
    void eachMessageGoesToExactlyOneMember(MqttVersion first, MqttVersion second) {
        Group group = Group.onNewTopic("share/one/t");
        RawMqttClient a = group.member(first, 1);
        RawMqttClient b = group.member(second, 1);

        List<String> sent = group.publish(MESSAGES);

        List<String> toA = group.payloadsBeforeMarker(a, first);
        List<String> toB = group.payloadsBeforeMarker(b, second);
        assertThat(toA).as("member A").isNotEmpty();
        assertThat(toB).as("member B").isNotEmpty();
        List<String> all = new ArrayList<>(toA);
        all.addAll(toB);
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-5.0 §4.8.2] every group gets every message, each through one of its members")
    void everyGroupGetsEveryMessage() {
        Group one = Group.onNewTopic("share/groups/t");
        Group two = one.anotherGroupOnItsTopic();
        RawMqttClient a = one.member(V5, 0);
        RawMqttClient b = one.member(V5, 0);
        RawMqttClient c = two.member(V5, 0);

        List<String> sent = one.publish(MESSAGES);

        List<String> groupOne = new ArrayList<>(one.payloadsBeforeMarker(a, V5));
        groupOne.addAll(one.payloadsBeforeMarker(b, V5));
        assertThat(groupOne).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(two.payloadsBeforeMarker(c, V5)).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-5.0 §4.8.2] a member whose session ended gets no more messages; the others get them all")
    void memberThatLeftGetsNoMoreMessages() {
        Group group = Group.onNewTopic("share/leave/t");
        RawMqttClient stays = group.member(V5, 1);
        RawMqttClient leaves = group.member(V5, 1);
        disconnect(leaves); // the session ends, and its subscriptions with it

        List<String> sent = group.publish(MESSAGES);

        assertThat(group.payloadsBeforeMarker(stays, V5)).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-3.10.4-1] [MQTT-3.10.4-2] a member that unsubscribes from the share filter leaves the group")
    void memberThatUnsubscribedGetsNoMoreMessages() {
        Group group = Group.onNewTopic("share/unsub/t");
        RawMqttClient stays = group.member(V5, 1);
        RawMqttClient leaves = group.member(V5, 1);
        leaves.send(unsubscribePacket(V5).packetId(4).filter(group.filter()).build());
        RawPacket unsubAck = leaves.receive().expectType(PacketType.UNSUBACK);
        assertThat(unsubAck.unsubAckReasonCodes(true)).containsExactly(0x00);

        List<String> sent = group.publish(MESSAGES);

        assertThat(group.payloadsBeforeMarker(stays, V5)).containsExactlyElementsOf(sent);
        assertThat(packetsBefore(leaves, group.marker())).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-3] each member gets messages at the QoS granted to its own subscription")
    void eachMemberGetsItsOwnGrantedQos() {
        Group group = Group.onNewTopic("share/qos/t");
        RawMqttClient atMostOnce = group.member(V5, 0);
        RawMqttClient atLeastOnce = group.member(V5, 1);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        for (int id = 1; id <= 4; id++) {
            publisher.send(publishPacket(V5, group.topic(), "m" + id).qos(2).packetId(id).build());
        }
        publisher.send(qos0(V5, group.marker(), "end"));

        List<RawPacket> toQos0 = packetsBefore(atMostOnce, group.marker());
        List<RawPacket> toQos1 = packetsBefore(atLeastOnce, group.marker());
        assertThat(toQos0).isNotEmpty().allMatch(p -> p.publishQos() == 0);
        assertThat(toQos1).isNotEmpty().allMatch(p -> p.publishQos() == 1);
        assertThat(toQos0.size() + toQos1.size()).isEqualTo(4);
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error (DISCONNECT 0x82)")
    void noLocalOnASharedSubscriptionIsAProtocolError() {
        RawMqttClient client = broker.connect(V5, unique("nolocal"));

        client.send(subscribePacket(V5).packetId(1)
                .filter("$share/" + unique("g") + "/share/nolocal", 1, true, false, 0).build());

        closedAfterDisconnect(client, 0x82);
    }

    /**
     * A share group on {@code topic}: its members subscribe to {@code filter} and, plainly, to {@code marker}, which
     * {@link #publish} sends last.
     */
    private record Group(String topic, String marker, String filter) {
        static Group onNewTopic(String prefix) {
            String topic = unique(prefix);
            return new Group(topic, topic + "/marker", shareFilter(topic));
        }

        private static String shareFilter(String topic) {
            return "$share/" + unique("g") + "/" + topic;
        }

        /** A second group, with another share name, on the same topic and marker. */
        Group anotherGroupOnItsTopic() {
            return new Group(topic, marker, shareFilter(topic));
        }

        /** A new client of {@code version} subscribed to the share filter at {@code qos} and to the marker. */
        RawMqttClient member(MqttVersion version, int qos) {
            RawMqttClient client = broker.subscriber(version, filter, qos);
            subscribe(client, version, marker, 0);
            return client;
        }

        /** Publishes {@code count} QoS 0 messages, then the marker, from one 5.0 client; returns the payloads sent. */
        List<String> publish(int count) {
            RawMqttClient publisher = broker.connect(V5, unique("pub"));
            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                sent.add("m" + i);
                publisher.send(qos0(V5, topic, "m" + i));
            }
            publisher.send(qos0(V5, marker, "end"));
            return sent;
        }

        /**
         * The payloads {@code member} received before the marker, each checked to be a PUBLISH to the topic (not to
         * the share filter).
         */
        List<String> payloadsBeforeMarker(RawMqttClient member, MqttVersion version) {
            List<String> payloads = new ArrayList<>();
            for (RawPacket p : packetsBefore(member, marker)) {
                assertThat(p.expectType(PacketType.PUBLISH).publishTopic()).isEqualTo(topic);
                payloads.add(p.publishPayloadString(version.isV5()));
            }
            return payloads;
        }
    }
}
