package dev.roost.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A raw client that keeps its QoS 2 session state across connections the way a correct client must (4.3.3, 4.4):
 * as receiver, the ids of PUBLISHes it has delivered and not yet seen released; as sender, where its exchanges stand.
 * Tests drive it packet by packet and drop its connection at exact points.
 */
final class Qos2Peer {
    private final String clientId;
    private final boolean v5;
    private final int port;
    private RawMqttClient socket;
    /** Receiver state: delivered, awaiting PUBREL. */
    private final Set<Integer> awaitingRelease = new HashSet<>();
    /** What the application received, in order. */
    private final List<String> delivered = new ArrayList<>();

    Qos2Peer(String clientId, boolean v5, int port) {
        this.clientId = clientId;
        this.v5 = v5;
        this.port = port;
    }

    /**
     * Connects without Clean Start (a persistent session) and returns Session Present. The connection carries a will
     * on {@link #willTopic()}: a watcher that sees it published knows the broker has handled everything this client
     * sent before its connection dropped.
     */
    boolean connect() {
        socket = RawMqttClient.connect("127.0.0.1", port);
        var connect = PacketBytes.connect().clientId(clientId).cleanStart(false).keepAlive(60)
                .will(willTopic(), "gone", 0, false);
        socket.send(v5 ? connect.v5().sessionExpiry(3600).build() : connect.v311().build());
        RawPacket ack = socket.receive();
        assertThat(ack.packetType()).isEqualTo(PacketType.CONNACK);
        assertThat(ack.connAckCode()).isZero();
        return ack.connAckSessionPresent();
    }

    String willTopic() {
        return "gone/" + clientId;
    }

    void subscribe(String filter) {
        var subscribe = PacketBytes.subscribe().packetId(1).filter(filter, 2);
        socket.send(v5 ? subscribe.v5().build() : subscribe.build());
        assertThat(socket.receive().packetType()).isEqualTo(PacketType.SUBACK);
    }

    /** Closes the TCP connection gracefully: the broker reads everything sent before, then sees the end. */
    void drop() {
        socket.close();
    }

    void disconnect() {
        socket.send(PacketBytes.disconnect().build());
        socket.close();
    }

    void send(byte[] packet) {
        socket.send(packet);
    }

    RawPacket receive(PacketType type) {
        RawPacket p = socket.receive();
        assertThat(p.packetType()).as("expected " + type + " but got " + p.packetType()).isEqualTo(type);
        return p;
    }

    byte[] publish(String topic, int packetId, String payload, boolean dup) {
        var publish = PacketBytes.publish().topic(topic).qos(2).packetId(packetId).dup(dup).payload(payload);
        return v5 ? publish.v5().build() : publish.build();
    }

    /**
     * Receives a PUBLISH as a correct receiver does (method B, 4.3.3): a new packet id is delivered to the application
     * and remembered; a PUBLISH with an id still awaiting PUBREL is a duplicate and is not delivered again.
     */
    RawPacket receivePublish() {
        RawPacket p = receive(PacketType.PUBLISH);
        assertThat(p.publishQos()).isEqualTo(2);
        if (awaitingRelease.add(p.publishPacketId())) {
            delivered.add(p.publishPayloadString(v5));
        }
        return p;
    }

    /** Answers a PUBLISH or PUBREL received with {@link #receivePublish()} or {@link #receivePubRel()}. */
    void acknowledge(RawPacket p) {
        socket.send(p.packetType() == PacketType.PUBLISH
                ? PacketBytes.pubrec(p.publishPacketId()).build()
                : PacketBytes.pubcomp(p.packetId()).build());
    }

    /** Handles a PUBREL as a receiver: forgets the id. */
    RawPacket receivePubRel() {
        RawPacket p = receive(PacketType.PUBREL);
        awaitingRelease.remove(p.packetId());
        return p;
    }

    /**
     * Reads until the broker has answered a PINGREQ, completing every QoS 2 exchange it meets on the way: so when it
     * returns, everything the broker had to send this client has arrived.
     */
    void settle() {
        socket.send(PacketBytes.pingreq());
        int pingsOutstanding = 1;
        while (pingsOutstanding > 0) {
            RawPacket p = socket.receive();
            switch (p.packetType()) {
                case PINGRESP -> pingsOutstanding--;
                case PUBLISH -> {
                    int id = p.publishPacketId();
                    if (awaitingRelease.add(id)) {
                        delivered.add(p.publishPayloadString(v5));
                    }
                    socket.send(PacketBytes.pubrec(id).build(), PacketBytes.pingreq());
                    pingsOutstanding++;
                }
                case PUBREL -> {
                    awaitingRelease.remove(p.packetId());
                    socket.send(PacketBytes.pubcomp(p.packetId()).build(), PacketBytes.pingreq());
                    pingsOutstanding++;
                }
                default -> throw new AssertionError("unexpected " + p.packetType());
            }
        }
    }

    List<String> delivered() {
        return delivered;
    }
}
