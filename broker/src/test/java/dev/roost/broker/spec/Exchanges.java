package dev.roost.broker.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import dev.roost.testkit.SubscribeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps a spec test repeats on one connected raw client, each with its check: subscribe and read the SUBACK, ping,
 * disconnect, "closed after exactly these packets", and "everything before the marker / the PINGRESP".
 *
 * <p>The marker technique replaces waiting for silence: a publisher's messages are routed in the order it sent them,
 * and each subscriber's lane delivers in the order it was handed work, so once a subscriber sees a later marker
 * message from the same publisher, every copy of the earlier messages it was going to get has arrived.
 *
 * <p>Stateless; each method drives its client from the calling thread. No method takes or returns {@code null}.
 */
final class Exchanges {
    /** How long a connection the broker must close may take to be closed. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private Exchanges() {
    }

    /** Subscribes to one filter in its own SUBSCRIBE (packet id 1) and checks the SUBACK grants exactly {@code qos}. */
    static void subscribe(RawMqttClient client, MqttVersion version, String filter, int qos) {
        subscribe(client, version, SpecPackets.subscribePacket(version).packetId(1).filter(filter, qos), qos);
    }

    /** Sends {@code subscribe} (one filter, packet id 1) and checks the SUBACK grants exactly {@code qos}. */
    static void subscribe(RawMqttClient client, MqttVersion version, SubscribeBuilder subscribe, int qos) {
        client.send(subscribe.build());
        RawPacket subAck = client.receive().expectType(PacketType.SUBACK);
        assertThat(subAck.packetId()).as("SUBACK packet id").isEqualTo(1);
        assertThat(subAck.subAckReasonCodes(version.isV5())).as("SUBACK codes").containsExactly(qos);
    }

    /** Sends PINGREQ and checks that the next packet is the PINGRESP. */
    static void ping(RawMqttClient client) {
        client.send(PacketBytes.pingreq());
        client.receive().expectType(PacketType.PINGRESP);
    }

    /**
     * Reads the next packet and checks that it is a {@code type} acknowledgement (PUBACK, PUBREC, PUBREL, PUBCOMP) of
     * {@code packetId} with {@code reasonCode}; a 3.1.1 acknowledgement, which has no reason code, reads as 0 Success.
     *
     * @return the acknowledgement
     */
    static RawPacket expectAck(RawMqttClient client, PacketType type, int packetId, int reasonCode) {
        RawPacket ack = client.receive().expectType(type);
        assertThat(ack.packetId()).as("%s packet id", type).isEqualTo(packetId);
        assertThat(ack.reasonCode()).as("%s reason code", type).isEqualTo(reasonCode);
        return ack;
    }

    /** Sends a normal DISCONNECT ({@code E0 00}) and waits until the broker has closed the connection. */
    static void disconnect(RawMqttClient client) {
        client.send(PacketBytes.disconnect().build());
        assertThat(client.awaitClosed(CLOSE_TIMEOUT)).as("broker closes after DISCONNECT").isTrue();
    }

    /**
     * Waits for the broker to close {@code client}.
     *
     * @return what the broker sent before closing
     * @throws AssertionError if the connection is still open after {@link #CLOSE_TIMEOUT}
     */
    static List<RawPacket> closedAfter(RawMqttClient client) {
        assertThat(client.awaitClosed(CLOSE_TIMEOUT))
                .as("the broker closes the connection within %s (drained %s)", CLOSE_TIMEOUT, client.drained())
                .isTrue();
        return client.drained();
    }

    /** Checks that the broker closes {@code client} after sending exactly one DISCONNECT with {@code reasonCode}. */
    static RawPacket closedAfterDisconnect(RawMqttClient client, int reasonCode) {
        List<RawPacket> sent = closedAfter(client);
        assertThat(sent).as("packets before the close").hasSize(1);
        RawPacket disconnect = sent.get(0).expectType(PacketType.DISCONNECT);
        assertThat(disconnect.reasonCode()).as("DISCONNECT reason code").isEqualTo(reasonCode);
        return disconnect;
    }

    /**
     * Checks that the broker closes {@code client} after sending exactly one CONNACK in the 3.1.1 layout: Session
     * Present 0 and {@code returnCode}.
     */
    static void closedAfterConnAck311(RawMqttClient client, int returnCode) {
        List<RawPacket> sent = closedAfter(client);
        assertThat(sent).as("packets before the close").hasSize(1);
        assertThat(sent.get(0).bytes()).as("3.1.1 CONNACK, Session Present 0, return code 0x%02X", returnCode)
                .containsExactly(0x20, 0x02, 0x00, returnCode);
    }

    /**
     * Checks that the broker closes {@code client} after sending exactly one 5.0 CONNACK refusing it: Session Present 0
     * and {@code reasonCode}.
     *
     * @return the CONNACK
     */
    static RawPacket closedAfterConnAck5(RawMqttClient client, int reasonCode) {
        List<RawPacket> sent = closedAfter(client);
        assertThat(sent).as("packets before the close").hasSize(1);
        RawPacket connAck = sent.get(0).expectType(PacketType.CONNACK);
        assertThat(connAck.connAckCode()).as("CONNACK reason code").isEqualTo(reasonCode);
        assertThat(connAck.connAckFlags()).as("Session Present 0 in a refusal [MQTT-3.2.2-6]").isZero();
        return connAck;
    }

    /** Checks that the broker closes {@code client} without sending anything. */
    static void closedSilently(RawMqttClient client) {
        assertThat(closedAfter(client)).as("packets before the close").isEmpty();
    }

    /**
     * Reads packets until a PUBLISH to {@code markerTopic} arrives.
     *
     * @return every packet received before the marker, in order
     */
    static List<RawPacket> packetsBefore(RawMqttClient client, String markerTopic) {
        List<RawPacket> before = new ArrayList<>();
        while (true) {
            RawPacket packet = client.receive();
            if (packet.is(PacketType.PUBLISH) && packet.publishTopic().equals(markerTopic)) {
                return before;
            }
            before.add(packet);
        }
    }

    /** Sends PINGREQ and returns every packet that arrives before the PINGRESP: what the broker had queued. */
    static List<RawPacket> packetsBeforePingResp(RawMqttClient client) {
        client.send(PacketBytes.pingreq());
        List<RawPacket> before = new ArrayList<>();
        while (true) {
            RawPacket packet = client.receive();
            if (packet.is(PacketType.PINGRESP)) {
                return before;
            }
            before.add(packet);
        }
    }
}
