package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.closedSilently;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flow control (MQTT 5.0 4.9, 3.3.4) and maximum packet size (3.1.2.11.4, 3.2.2.3.6) in both directions. A second
 * broker with a small Receive Maximum and Maximum Packet Size serves the tests of the broker's own limits.
 */
@DisplayName("Flow control and packet size limits (4.9, 3.3.4, 3.1.2.11.4)")
class FlowControlIT {
    private static final Duration SILENCE = Duration.ofMillis(300);
    private static final int BROKER_RECEIVE_MAXIMUM = 2;
    private static final int BROKER_MAXIMUM_PACKET_SIZE = 256;
    private static final int V3_INFLIGHT_WINDOW = 2;
    private static final MqttVersion V5 = MqttVersion.V5;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();
    @RegisterExtension
    static final SpecBroker limited = SpecBroker.with(BrokerSettings.builder()
            .receiveMaximum(BROKER_RECEIVE_MAXIMUM)
            .maximumPacketSize(BROKER_MAXIMUM_PACKET_SIZE)
            .v3InflightWindow(V3_INFLIGHT_WINDOW)
            .build());

    @Test
    @DisplayName("[MQTT-3.3.4-9] [MQTT-4.9.0-2] [MQTT-3.3.4-10] the broker never has more unacknowledged QoS 1 PUBLISH "
            + "packets out than the client's Receive Maximum, and still answers other packets")
    void brokerRespectsTheClientsReceiveMaximum() {
        String topic = unique("flow/rm/t");
        RawMqttClient subscriber = subscriberWithReceiveMaximum(2, topic, 1);
        publishQos1Series(broker, V5, topic, 10);

        List<RawPacket> received = new ArrayList<>();
        received.add(subscriber.receive().expectType(PacketType.PUBLISH));
        received.add(subscriber.receive().expectType(PacketType.PUBLISH));
        subscriber.expectNoPacket(SILENCE);
        subscriber.send(PacketBytes.pingreq());
        assertThat(subscriber.receive().packetType()).as("a full window delays only PUBLISH").isEqualTo(PacketType.PINGRESP);

        subscriber.send(PacketBytes.puback(received.get(0).publishPacketId()).build());
        received.add(subscriber.receive().expectType(PacketType.PUBLISH));
        subscriber.expectNoPacket(SILENCE);

        for (int acked = 1; received.size() < 10; acked++) {
            subscriber.send(PacketBytes.puback(received.get(acked).publishPacketId()).build());
            received.add(subscriber.receive().expectType(PacketType.PUBLISH));
        }
        assertThat(received).extracting(p -> p.publishPayloadString(true))
                .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
    }

    @Test
    @DisplayName("[MQTT-4.3.3-4] [MQTT-4.4.0-2] [MQTT-5.0 §4.9] a PUBREC with a failure code ends the QoS 2 exchange: no "
            + "PUBREL, no re-send, and the Receive Maximum slot is free again")
    void pubRecWithFailureCodeEndsTheExchange() {
        String topic = unique("flow/refused/t");
        RawMqttClient subscriber = subscriberWithReceiveMaximum(1, topic, 2);
        publishQos2(topic, "refused", "accepted");

        RawPacket refused = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(refused.publishPayloadString(true)).isEqualTo("refused");
        subscriber.send(PacketBytes.pubrec(refused.publishPacketId()).reasonCode(0x80).build());

        RawPacket next = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(next.publishPayloadString(true)).isEqualTo("accepted");
        assertThat(next.publishDup()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-5.0 §4.9] toward a 3.1.1 client, which has no Receive Maximum, the configured in-flight window "
            + "bounds the unacknowledged QoS 1 PUBLISH packets")
    void v3InflightWindowBoundsUnacknowledgedPublishes() {
        MqttVersion v = MqttVersion.V3_1_1;
        String topic = unique("flow/v3/t");
        RawMqttClient subscriber = limited.connect(v, unique("v3"));
        subscribe(subscriber, v, topic, 1);
        publishQos1Series(limited, v, topic, 4);

        RawPacket first = subscriber.receive().expectType(PacketType.PUBLISH);
        subscriber.receive().expectType(PacketType.PUBLISH);
        subscriber.expectNoPacket(SILENCE);
        subscriber.send(PacketBytes.puback(first.publishPacketId()).build());

        assertThat(subscriber.receive().expectType(PacketType.PUBLISH).publishPayloadString(false)).isEqualTo("m3");
        subscriber.expectNoPacket(SILENCE);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] [MQTT-4.9.0-2] a QoS 2 PUBLISH holds its Receive Maximum slot until PUBCOMP, not PUBREC")
    void qos2SlotIsFreedByPubCompNotPubRec() {
        String topic = unique("flow/q2/t");
        RawMqttClient subscriber = subscriberWithReceiveMaximum(1, topic, 2);
        publishQos2(topic, "first", "second");

        RawPacket first = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(first.publishPayloadString(true)).isEqualTo("first");
        subscriber.expectNoPacket(SILENCE);
        subscriber.send(PacketBytes.pubrec(first.publishPacketId()).build());
        assertThat(subscriber.receive().expectType(PacketType.PUBREL).packetId()).isEqualTo(first.publishPacketId());
        subscriber.expectNoPacket(SILENCE);
        subscriber.send(PacketBytes.pubcomp(first.publishPacketId()).build());

        assertThat(subscriber.receive().expectType(PacketType.PUBLISH).publishPayloadString(true)).isEqualTo("second");
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] [MQTT-5.0 §3.3.4] a client that exceeds the broker's Receive Maximum gets DISCONNECT "
            + "0x93 Receive Maximum exceeded")
    void clientExceedingTheBrokersReceiveMaximumIsDisconnected() {
        RawMqttClient client = limited.open().send(connectPacket(V5).clientId(unique("greedy")).build());
        RawPacket connAck = client.receive().expectType(PacketType.CONNACK);
        assertThat(connAck.properties().integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(BROKER_RECEIVE_MAXIMUM);

        for (int id = 1; id <= BROKER_RECEIVE_MAXIMUM + 1; id++) {
            client.send(publishPacket(V5, "flow/greedy", "x").qos(2).packetId(id).build());
        }

        assertThat(client.receive().expectType(PacketType.PUBREC).packetId()).isEqualTo(1);
        assertThat(client.receive().expectType(PacketType.PUBREC).packetId()).isEqualTo(2);
        closedAfterDisconnect(client, 0x93);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] a message larger than the client's Maximum Packet Size is not sent to "
            + "it and counts as delivered; smaller ones and other clients are unaffected")
    void messageLargerThanTheClientsMaximumPacketSizeIsSkipped() {
        String topic = unique("flow/mps/t");
        RawMqttClient small = broker.connect(connectPacket(V5).clientId(unique("small"))
                .maximumPacketSize(128).receiveMaximum(1));
        subscribe(small, V5, topic, 1);
        RawMqttClient large = broker.subscriber(V5, topic, 1);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        String big = "b".repeat(300);
        publisher.send(publishPacket(V5, topic, big).qos(1).packetId(1).build(),
                publishPacket(V5, topic, "fits").qos(1).packetId(2).build());

        RawPacket first = small.receive().expectType(PacketType.PUBLISH);
        assertThat(first.publishPayloadString(true)).as("the oversized message is skipped").isEqualTo("fits");
        assertThat(first.bytes().length).isLessThanOrEqualTo(128);
        assertThat(large.receive().expectType(PacketType.PUBLISH).publishPayloadString(true)).isEqualTo(big);
        assertThat(large.receive().expectType(PacketType.PUBLISH).publishPayloadString(true)).isEqualTo("fits");
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.2.2.3.6] [MQTT-4.13.1-1] a packet larger than the broker's Maximum Packet Size gets "
            + "DISCONNECT 0x95 Packet too large and the connection is closed")
    void packetLargerThanTheBrokersMaximumIsRefusedWithPacketTooLarge() {
        RawMqttClient client = limited.open().send(connectPacket(V5).clientId(unique("big")).build());
        RawPacket connAck = client.receive().expectType(PacketType.CONNACK);
        assertThat(connAck.properties().longValue(PropertyId.MAXIMUM_PACKET_SIZE))
                .isEqualTo((long) BROKER_MAXIMUM_PACKET_SIZE);

        client.send(qos0(V5, "flow/big", "x".repeat(400)));

        closedAfterDisconnect(client, 0x95);
    }

    @Test
    @DisplayName("[MQTT-4.13.1-1] a 3.1.1 client sending a packet larger than the broker's maximum is disconnected "
            + "without a DISCONNECT")
    void oversizedPacketFromAV3ClientClosesTheConnection() {
        RawMqttClient client = limited.connect(MqttVersion.V3_1_1, unique("big3"));

        client.send(qos0(MqttVersion.V3_1_1, "flow/big", "x".repeat(400)));

        closedSilently(client);
    }

    /** A new 5.0 client that announced {@code receiveMaximum}, subscribed to {@code topic} at {@code qos}. */
    private static RawMqttClient subscriberWithReceiveMaximum(int receiveMaximum, String topic, int qos) {
        RawMqttClient subscriber = broker.connect(connectPacket(V5).clientId(unique("sub"))
                .receiveMaximum(receiveMaximum));
        subscribe(subscriber, V5, topic, qos);
        return subscriber;
    }

    /** From a new 5.0 client, one QoS 2 PUBLISH per payload with packet ids 1, 2, …, not taken past the PUBREC. */
    private static void publishQos2(String topic, String... payloads) {
        RawMqttClient publisher = broker.connect(V5, unique("pub"));
        for (int i = 0; i < payloads.length; i++) {
            publisher.send(publishPacket(V5, topic, payloads[i]).qos(2).packetId(i + 1).build());
        }
    }

    /** Publishes {@code count} QoS 1 messages "m1".."m{count}" and waits for every PUBACK: all are routed then. */
    private static void publishQos1Series(SpecBroker to, MqttVersion v, String topic, int count) {
        RawMqttClient publisher = to.connect(v, unique("pub"));
        for (int i = 1; i <= count; i++) {
            publisher.send(publishPacket(v, topic, "m" + i).qos(1).packetId(i).build());
        }
        for (int i = 1; i <= count; i++) {
            publisher.receive().expectType(PacketType.PUBACK);
        }
    }
}
