package dev.roost.broker.spec;

import static dev.roost.broker.spec.MessagingFixture.packetsBefore;
import static dev.roost.broker.spec.MessagingFixture.publishPacket;
import static dev.roost.broker.spec.MessagingFixture.qos0;
import static dev.roost.broker.spec.MessagingFixture.subscribe;
import static dev.roost.broker.spec.MessagingFixture.subscribePacket;
import static dev.roost.broker.spec.MessagingFixture.unique;
import static dev.roost.broker.spec.MessagingFixture.unsubscribePacket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    static Path dataDirectory;
    private static MessagingFixture broker;

    @BeforeAll
    static void startBroker() {
        broker = MessagingFixture.start(dataDirectory);
    }

    @AfterEach
    void closeClients() {
        broker.closeClients();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "members {0} and {1}")
    @CsvSource({"V5, V5", "V3_1_1, V3_1_1", "V3_1_1, V5"})
    @DisplayName("[MQTT-5.0 §4.8.2] each message goes to exactly one member of the group, and round robin gives "
            + "both members some")
    void eachMessageGoesToExactlyOneMember(MqttVersion first, MqttVersion second) {
        String topic = unique("share/one/t");
        String marker = topic + "/marker";
        String share = "$share/" + unique("g") + "/" + topic;
        RawMqttClient a = member(first, share, 1, marker);
        RawMqttClient b = member(second, share, 1, marker);

        List<String> sent = publish(topic, MESSAGES, marker);

        List<String> toA = payloads(packetsBefore(a, marker), first, topic);
        List<String> toB = payloads(packetsBefore(b, marker), second, topic);
        assertThat(toA).as("member A").isNotEmpty();
        assertThat(toB).as("member B").isNotEmpty();
        List<String> all = new ArrayList<>(toA);
        all.addAll(toB);
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-5.0 §4.8.2] every group gets every message, each through one of its members")
    void everyGroupGetsEveryMessage() {
        String topic = unique("share/groups/t");
        String marker = topic + "/marker";
        String shareOne = "$share/" + unique("g") + "/" + topic;
        String shareTwo = "$share/" + unique("g") + "/" + topic;
        RawMqttClient a = member(V5, shareOne, 0, marker);
        RawMqttClient b = member(V5, shareOne, 0, marker);
        RawMqttClient c = member(V5, shareTwo, 0, marker);

        List<String> sent = publish(topic, MESSAGES, marker);

        List<String> groupOne = new ArrayList<>(payloads(packetsBefore(a, marker), V5, topic));
        groupOne.addAll(payloads(packetsBefore(b, marker), V5, topic));
        assertThat(groupOne).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(payloads(packetsBefore(c, marker), V5, topic)).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-5.0 §4.8.2] a member whose session ended gets no more messages; the others get them all")
    void memberThatLeftGetsNoMoreMessages() {
        String topic = unique("share/leave/t");
        String marker = topic + "/marker";
        String share = "$share/" + unique("g") + "/" + topic;
        RawMqttClient stays = member(V5, share, 1, marker);
        RawMqttClient leaves = member(V5, share, 1, marker);
        leaves.send(PacketBytes.disconnect().build());
        assertThat(leaves.awaitClosed(Duration.ofSeconds(5))).as("session ended, subscriptions gone").isTrue();

        List<String> sent = publish(topic, MESSAGES, marker);

        assertThat(payloads(packetsBefore(stays, marker), V5, topic)).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("[MQTT-3.10.4-1] [MQTT-3.10.4-2] a member that unsubscribes from the share filter leaves the group")
    void memberThatUnsubscribedGetsNoMoreMessages() {
        String topic = unique("share/unsub/t");
        String marker = topic + "/marker";
        String share = "$share/" + unique("g") + "/" + topic;
        RawMqttClient stays = member(V5, share, 1, marker);
        RawMqttClient leaves = member(V5, share, 1, marker);
        leaves.send(unsubscribePacket(V5).packetId(4).filter(share).build());
        RawPacket unsubAck = leaves.receive().expectType(PacketType.UNSUBACK);
        assertThat(unsubAck.unsubAckReasonCodes(true)).containsExactly(0x00);

        List<String> sent = publish(topic, MESSAGES, marker);

        assertThat(payloads(packetsBefore(stays, marker), V5, topic)).containsExactlyElementsOf(sent);
        assertThat(packetsBefore(leaves, marker)).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-3] each member gets messages at the QoS granted to its own subscription")
    void eachMemberGetsItsOwnGrantedQos() {
        String topic = unique("share/qos/t");
        String marker = topic + "/marker";
        String share = "$share/" + unique("g") + "/" + topic;
        RawMqttClient atMostOnce = member(V5, share, 0, marker);
        RawMqttClient atLeastOnce = member(V5, share, 1, marker);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        for (int id = 1; id <= 4; id++) {
            publisher.send(publishPacket(V5).topic(topic).qos(2).packetId(id).payload("m" + id).build());
        }
        publisher.send(qos0(V5, marker, "end"));

        List<RawPacket> toQos0 = packetsBefore(atMostOnce, marker);
        List<RawPacket> toQos1 = packetsBefore(atLeastOnce, marker);
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

        RawPacket disconnect = client.receive().expectType(PacketType.DISCONNECT);
        assertThat(disconnect.reasonCode()).isEqualTo(0x82);
        assertThat(client.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }

    /** A client of {@code version} subscribed to {@code share} at {@code qos} and, plainly, to {@code marker}. */
    private static RawMqttClient member(MqttVersion version, String share, int qos, String marker) {
        RawMqttClient client = broker.connect(version, unique("member"));
        subscribe(client, version, share, qos);
        subscribe(client, version, marker, 0);
        return client;
    }

    /** Publishes {@code count} QoS 0 messages, then the marker, from one 5.0 client; returns the payloads sent. */
    private static List<String> publish(String topic, int count, String marker) {
        RawMqttClient publisher = broker.connect(V5, unique("pub"));
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            sent.add("m" + i);
            publisher.send(qos0(V5, topic, "m" + i));
        }
        publisher.send(qos0(V5, marker, "end"));
        return sent;
    }

    /** The payloads of {@code packets}, each checked to be a PUBLISH to {@code topic} (not to the share filter). */
    private static List<String> payloads(List<RawPacket> packets, MqttVersion version, String topic) {
        List<String> payloads = new ArrayList<>();
        for (RawPacket p : packets) {
            assertThat(p.expectType(PacketType.PUBLISH).publishTopic()).isEqualTo(topic);
            payloads.add(p.publishPayloadString(version.isV5()));
        }
        return payloads;
    }
}
