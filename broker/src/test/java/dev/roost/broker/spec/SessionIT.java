package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.persistentConnect;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session state over real sockets (4.1; 3.1.2.4 Clean Session / Clean Start; 3.1.2.11.2 Session Expiry Interval): what
 * is discarded, what is resumed and in which order, and when a 5.0 session ends.
 *
 * <p>When a session ends is observed through its will: with a Will Delay longer than the session, the will is
 * published exactly when the session ends (3.1.3.2.2), which needs no polling that would itself resume the session.
 */
@DisplayName("Session state and expiry (4.1, 3.1.2.4, 3.1.2.11.2)")
@Timeout(60)
class SessionIT {
    private static final MqttVersion V5 = MqttVersion.V5;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.1.2-6] (3.1.1) [MQTT-3.1.2-4] (5.0) Clean Start 1 discards the stored session: its"
            + " subscriptions no longer deliver")
    void cleanStartDiscardsTheStoredSession(MqttVersion version) {
        String id = unique("discard");
        String topic = unique("discard/topic");
        broker.storeSession(version, id, topic, 1);

        SpecBroker.Exchange clean = broker.accepted(connectPacket(version).clientId(id).cleanStart(true));

        assertThat(clean.connAck().connAckSessionPresent()).isFalse();
        String marker = unique("discard/marker");
        subscribe(clean.client(), version, marker, 1);
        broker.publishQos1(V5, topic, "to the old subscription");
        broker.publishQos1(V5, marker, "marker");
        RawPacket next = clean.client().receive().expectType(PacketType.PUBLISH);
        assertThat(next.publishTopic()).as("only the new subscription delivers").isEqualTo(marker);
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-6] (3.1.1) [MQTT-5.0 §3.1.2.11.2] a session of a Clean Session 1 / expiry 0 connection"
            + " ends with it")
    void sessionOfACleanConnectionEndsWithIt(MqttVersion version) {
        String id = unique("clean");
        RawMqttClient client = broker.connect(connectPacket(version).clientId(id).cleanStart(true));
        subscribe(client, version, unique("clean/topic"), 1);
        disconnect(client);

        RawPacket connAck = broker.accepted(connectPacket(version).clientId(id).cleanStart(false)).connAck();

        assertThat(connAck.connAckSessionPresent()).isFalse();
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.1.2-5] (3.1.1) [MQTT-3.1.2-5] [MQTT-3.1.2-23] (5.0) a resumed session keeps"
            + " its subscriptions and gets the QoS 1 and 2 messages queued while offline, in order")
    void resumedSessionDeliversQueuedMessagesInOrder(MqttVersion version) {
        String id = unique("queue");
        String topic = unique("queue/topic");
        broker.storeSession(version, id, topic, 2);
        List<String> published = new ArrayList<>();
        RawMqttClient publisher = broker.connect(V5, unique("queue-pub"));
        for (int i = 0; i < 6; i++) {
            int qos = 1 + i % 2;
            String payload = "m" + i + "@qos" + qos;
            publisher.send(publishPacket(V5, topic, payload).qos(qos).packetId(i + 1).build());
            RawPacket ack = publisher.receive().expectType(qos == 1 ? PacketType.PUBACK : PacketType.PUBREC);
            assertThat(ack.reasonCode()).as("routed to the offline session").isZero();
            if (qos == 2) {
                publisher.send(PacketBytes.pubrel(i + 1).build());
                publisher.receive().expectType(PacketType.PUBCOMP);
            }
            published.add(payload);
        }

        SpecBroker.Exchange resumed = broker.accepted(persistentConnect(version, id));

        assertThat(resumed.connAck().connAckSessionPresent()).isTrue();
        List<String> received = new ArrayList<>();
        Set<Integer> packetIds = new HashSet<>();
        for (int i = 0; i < published.size(); i++) {
            RawPacket message = resumed.client().receive().expectType(PacketType.PUBLISH);
            int qos = 1 + i % 2;
            assertThat(message.publishTopic()).isEqualTo(topic);
            assertThat(message.publishQos()).as("QoS of message %d", i).isEqualTo(qos);
            assertThat(message.publishDup()).as("first delivery, no DUP").isFalse();
            assertThat(message.publishPacketId()).isNotZero();
            assertThat(packetIds.add(message.publishPacketId())).as("packet ids of in-flight messages differ")
                    .isTrue();
            received.add(message.publishPayloadString(version.isV5()));
        }
        assertThat(received).as("[MQTT-4.6.0-6] order").containsExactlyElementsOf(published);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] 3.1.1: QoS 0 messages published while offline are not queued by default")
    void offlineQos0MessagesAreNotQueued() {
        String id = unique("qos0");
        String topic = unique("qos0/topic");
        broker.storeSession(MqttVersion.V3_1_1, id, topic, 1);
        RawMqttClient publisher = broker.connect(V5, unique("qos0-pub"));
        publisher.send(qos0(V5, topic, "qos0"));
        publisher.send(publishPacket(V5, topic, "qos1").qos(1).packetId(1).build());
        publisher.receive().expectType(PacketType.PUBACK);

        RawMqttClient resumed = broker.connect(persistentConnect(MqttVersion.V3_1_1, id));

        RawPacket next = resumed.receive().expectType(PacketType.PUBLISH);
        assertThat(next.publishPayloadString(false)).isEqualTo("qos1");
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.2.11.2] [MQTT-3.1.2-23] 5.0: expiry 0 ends the session at once, N seconds after N,"
            + " and 0xFFFFFFFF never")
    void sessionEndsWhenItsExpiryIntervalHasPassed() {
        String willTopic = unique("expiry/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        String zero = unique("zero");
        String oneSecond = unique("one-second");
        String never = unique("never");
        RawMqttClient zeroClient = connectWithLateWill(zero, 0, willTopic);
        RawMqttClient oneSecondClient = connectWithLateWill(oneSecond, 1, willTopic);
        RawMqttClient neverClient = connectWithLateWill(never, 0xFFFFFFFFL, willTopic);

        neverClient.closeWithReset();
        zeroClient.closeWithReset();
        RawPacket firstWill = watcher.receive().expectType(PacketType.PUBLISH);
        long lost = System.nanoTime();
        oneSecondClient.closeWithReset();
        RawPacket secondWill = watcher.receive(Duration.ofSeconds(4)).expectType(PacketType.PUBLISH);
        Duration lived = Duration.ofNanos(System.nanoTime() - lost);

        assertThat(firstWill.publishPayloadString(true)).as("expiry 0 ends at the close").isEqualTo(zero);
        assertThat(secondWill.publishPayloadString(true)).as("then the 1 s session").isEqualTo(oneSecond);
        assertThat(lived).as("the 1 s session lived about 1 s").isGreaterThanOrEqualTo(Duration.ofMillis(800));
        for (String ended : List.of(zero, oneSecond)) {
            RawPacket connAck = broker.accepted(PacketBytes.connect().v5().clientId(ended).cleanStart(false))
                    .connAck();
            assertThat(connAck.connAckSessionPresent()).as("%s ended", ended).isFalse();
        }
        RawPacket connAck = broker.accepted(PacketBytes.connect().v5().clientId(never).cleanStart(false)
                .sessionExpiry(0xFFFFFFFFL)).connAck();
        assertThat(connAck.connAckSessionPresent()).as("the session that never expires is still there").isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] [MQTT-3.2.2-16] [MQTT-3.1.2-5] 5.0 null session: empty id → assigned id →"
            + " reconnect with it and Clean Start 0 resumes the session and its subscriptions")
    void nullSessionIsResumedWithTheAssignedIdentifier() {
        SpecBroker.Exchange first = broker.accepted(PacketBytes.connect().v5().clientId("").cleanStart(true)
                .sessionExpiry(300));
        String assigned = first.connAck().properties().string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        assertThat(assigned).isNotEmpty();
        String topic = unique("null-session/topic");
        subscribe(first.client(), V5, topic, 1);
        disconnect(first.client());
        broker.publishQos1(V5, topic, "kept for the assigned id");

        SpecBroker.Exchange resumed = broker.accepted(PacketBytes.connect().v5().clientId(assigned)
                .cleanStart(false).sessionExpiry(300));

        assertThat(resumed.connAck().connAckSessionPresent()).isTrue();
        RawPacket queued = resumed.client().receive().expectType(PacketType.PUBLISH);
        assertThat(queued.publishTopic()).isEqualTo(topic);
        assertThat(queued.publishPayloadString(true)).isEqualTo("kept for the assigned id");
    }

    /** A 5.0 connection with the given expiry and a will that waits 600 s, so it goes out when the session ends. */
    private static RawMqttClient connectWithLateWill(String id, long expirySeconds, String willTopic) {
        return broker.connect(PacketBytes.connect().v5().clientId(id).cleanStart(true).sessionExpiry(expirySeconds)
                .will(willTopic, id, 1, false).willDelay(600));
    }
}
