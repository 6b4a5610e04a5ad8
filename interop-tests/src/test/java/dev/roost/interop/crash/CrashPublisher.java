package dev.roost.interop.crash;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A publisher that sends one message at a time and keeps its exchange state across broker crashes: after a restart it
 * sends again a PUBLISH not yet acknowledged (DUP=1, same id) or the PUBREL of a QoS 2 message past PUBREC. A message
 * counts as acknowledged — and so must survive any crash — once PUBACK (QoS 1) or PUBREC (QoS 2) arrived.
 */
final class CrashPublisher extends CrashClient {
    private enum Stage { NONE, PUBLISHED, RELEASING }

    /** Messages the broker acknowledged, in order. */
    final List<String> acknowledged = new ArrayList<>();
    /** The messages sent with QoS 2. */
    final List<String> qos2Messages = new ArrayList<>();
    private Stage stage = Stage.NONE;
    private int packetId;
    private int qos;
    private String message;
    private int nextPacketId = 1;

    CrashPublisher(String clientId, boolean v5, int port) {
        super(clientId, v5, port);
    }

    /** Starts a new exchange: sends the PUBLISH, not waiting for the answer. */
    void send(int qos, String message) {
        if (stage != Stage.NONE) {
            throw new IllegalStateException("an exchange is still open");
        }
        this.qos = qos;
        this.message = message;
        this.packetId = nextPacketId;
        nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
        stage = Stage.PUBLISHED;
        if (qos == 2) {
            qos2Messages.add(message);
        }
        socket.send(publish(topic(), false));
    }

    private String topic() {
        return "crash/q" + qos;
    }

    private byte[] publish(String topic, boolean dup) {
        var publish = PacketBytes.publish().topic(topic).qos(qos).packetId(packetId).dup(dup).payload(message);
        return v5 ? publish.v5().build() : publish.build();
    }

    /** Waits for the acknowledgement of the open exchange and completes it. */
    void complete() {
        while (stage != Stage.NONE) {
            RawPacket p = socket.receive(Duration.ofSeconds(10));
            if (p.packetType() == PacketType.PUBACK && stage == Stage.PUBLISHED && qos == 1) {
                check(p);
                acknowledged.add(message);
                stage = Stage.NONE;
            } else if (p.packetType() == PacketType.PUBREC && stage == Stage.PUBLISHED) {
                check(p);
                acknowledged.add(message);
                stage = Stage.RELEASING;
                socket.send(PacketBytes.pubrel(packetId).build());
            } else if (p.packetType() == PacketType.PUBCOMP && stage == Stage.RELEASING) {
                stage = Stage.NONE;
            } else {
                throw new AssertionError(clientId + ": unexpected " + p.packetType() + " at " + stage);
            }
        }
    }

    /** Waits only for the acknowledgement that makes the message durable (PUBACK or PUBREC). */
    void awaitAck() {
        while (stage == Stage.PUBLISHED) {
            RawPacket p = socket.receive(Duration.ofSeconds(10));
            check(p);
            acknowledged.add(message);
            if (p.packetType() == PacketType.PUBACK) {
                stage = Stage.NONE;
            } else if (p.packetType() == PacketType.PUBREC) {
                stage = Stage.RELEASING;
            } else {
                throw new AssertionError(clientId + ": unexpected " + p.packetType());
            }
        }
    }

    private void check(RawPacket ack) {
        if (ack.packetId() != packetId || ack.reasonCode() >= 0x80) {
            throw new AssertionError(clientId + ": bad acknowledgement " + ack + " for id " + packetId);
        }
    }

    /** After a reconnect: the open exchange continues where it stood [MQTT-4.4.0-1]. */
    void resume() {
        switch (stage) {
            case NONE -> { }
            case PUBLISHED -> socket.send(publish(topic(), true));
            case RELEASING -> socket.send(PacketBytes.pubrel(packetId).build());
        }
        complete();
    }
}
