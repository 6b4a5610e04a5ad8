package dev.roost.interop;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The independent side of every interop exchange: an MQTT 5.0 client written on the testkit's byte-level
 * {@link RawMqttClient}, sharing no code with Roost's codec or with the third-party library under test. When a test
 * sees a message leave Paho and arrive here (or the reverse), the only thing in between is the broker.
 *
 * <p>It completes every acknowledgement flow itself (PUBACK; PUBREC → PUBREL → PUBCOMP in both directions) and
 * checks the broker's answers byte-exactly: packet ids, reason codes, granted QoS.
 *
 * <p>Not thread-safe: one test thread drives it. Every wait is bounded by {@link RawMqttClient#DEFAULT_TIMEOUT}.
 */
public final class ReferencePeer implements AutoCloseable {
    private static final Duration TIMEOUT = RawMqttClient.DEFAULT_TIMEOUT;

    private final RawMqttClient raw;
    private final String clientId;
    private final Deque<Delivery> inbox = new ArrayDeque<>();
    private final Set<Integer> awaitingPubRel = new HashSet<>();
    private int nextPacketId = 1;

    private ReferencePeer(RawMqttClient raw, String clientId) {
        this.raw = raw;
        this.clientId = clientId;
    }

    /** Connects with MQTT 5.0, Clean Start, no session expiry, and checks the CONNACK is a success. */
    public static ReferencePeer connect(int port, String clientId) {
        RawMqttClient raw = RawMqttClient.connect("127.0.0.1", port);
        ReferencePeer peer = new ReferencePeer(raw, clientId);
        raw.send(PacketBytes.connect().v5().clientId(clientId).cleanStart(true).keepAlive(0).build());
        RawPacket connAck = raw.receive().expectType(PacketType.CONNACK);
        if (connAck.connAckCode() != 0x00) {
            raw.close();
            throw new AssertionError(clientId + ": CONNACK reason code 0x" + Integer.toHexString(
                    connAck.connAckCode()));
        }
        return peer;
    }

    /** Subscribes to one filter and checks that the SUBACK grants exactly {@code qos}. */
    public ReferencePeer subscribe(String filter, int qos) {
        int packetId = packetId();
        raw.send(PacketBytes.subscribe().v5().packetId(packetId).filter(filter, qos).build());
        RawPacket subAck = awaitAck(PacketType.SUBACK, packetId);
        List<Integer> codes = subAck.subAckReasonCodes(true);
        if (!codes.equals(List.of(qos))) {
            throw new AssertionError(clientId + ": SUBACK for " + filter + " at QoS " + qos + " was " + codes);
        }
        return this;
    }

    /** Publishes and completes the QoS flow, checking every acknowledgement carries a success reason code. */
    public ReferencePeer publish(String topic, String payload, int qos, boolean retain) {
        if (qos == 0) {
            raw.send(PacketBytes.publish().v5().topic(topic).qos(0).retain(retain).payload(payload).build());
            return this;
        }
        int packetId = packetId();
        raw.send(PacketBytes.publish().v5().topic(topic).qos(qos).retain(retain).packetId(packetId)
                .payload(payload).build());
        if (qos == 1) {
            expectSuccess(awaitAck(PacketType.PUBACK, packetId));
        } else {
            expectSuccess(awaitAck(PacketType.PUBREC, packetId));
            raw.send(PacketBytes.pubrel(packetId).build());
            expectSuccess(awaitAck(PacketType.PUBCOMP, packetId));
        }
        return this;
    }

    /** A non-retained publish. */
    public ReferencePeer publish(String topic, String payload, int qos) {
        return publish(topic, payload, qos, false);
    }

    /**
     * The next message the broker delivered, with its QoS flow completed (for QoS 2: PUBREC sent, PUBREL received,
     * PUBCOMP sent).
     *
     * @throws AssertionError if none arrives within the timeout
     */
    public Delivery awaitMessage() {
        while (inbox.isEmpty()) {
            handle(raw.receive(TIMEOUT));
        }
        completeOpenExchanges();
        return inbox.removeFirst();
    }

    /** The next {@code count} messages, each as {@link #awaitMessage()}. */
    public List<Delivery> awaitMessages(int count) {
        Delivery[] result = new Delivery[count];
        for (int i = 0; i < count; i++) {
            result[i] = awaitMessage();
        }
        return List.of(result);
    }

    /**
     * Asserts that the broker sends no message within {@code window}: only for what the spec says must not be sent
     * (a will after a normal DISCONNECT, for example).
     */
    public void expectNoMessage(Duration window) {
        completeOpenExchanges();
        if (!inbox.isEmpty()) {
            throw new AssertionError(clientId + " expected no message but holds " + inbox);
        }
        raw.expectNoPacket(window);
    }

    /** Sends DISCONNECT (0x00) and closes the socket. */
    @Override
    public void close() {
        try {
            if (!raw.isClosed()) {
                raw.send(PacketBytes.disconnect().build());
            }
        } finally {
            raw.close();
        }
    }

    private void completeOpenExchanges() {
        while (!awaitingPubRel.isEmpty()) {
            handle(raw.receive(TIMEOUT));
        }
    }

    /** Waits for an acknowledgement of {@code type} with {@code packetId}, handling deliveries that come first. */
    private RawPacket awaitAck(PacketType type, int packetId) {
        while (true) {
            RawPacket packet = raw.receive(TIMEOUT);
            if (packet.is(type)) {
                if (packet.packetId() != packetId) {
                    throw new AssertionError(clientId + ": " + type + " for packet id " + packet.packetId()
                            + ", expected " + packetId);
                }
                return packet;
            }
            handle(packet);
        }
    }

    private void handle(RawPacket packet) {
        if (packet.is(PacketType.PUBLISH)) {
            int qos = packet.publishQos();
            Delivery delivery = new Delivery(packet.publishTopic(), packet.publishPayloadString(true), qos,
                    packet.publishRetain());
            if (qos == 1) {
                raw.send(PacketBytes.puback(packet.publishPacketId()).build());
            } else if (qos == 2) {
                raw.send(PacketBytes.pubrec(packet.publishPacketId()).build());
                if (!awaitingPubRel.add(packet.publishPacketId())) {
                    return; // a resend of an exchange we already hold: delivered once only
                }
            }
            inbox.addLast(delivery);
        } else if (packet.is(PacketType.PUBREL)) {
            awaitingPubRel.remove(packet.packetId());
            raw.send(PacketBytes.pubcomp(packet.packetId()).build());
        } else if (!packet.is(PacketType.PINGRESP)) {
            throw new AssertionError(clientId + " received an unexpected " + packet);
        }
    }

    private static void expectSuccess(RawPacket ack) {
        if (ack.reasonCode() >= 0x80) {
            throw new AssertionError(ack.packetType() + " with failure reason code 0x"
                    + Integer.toHexString(ack.reasonCode()));
        }
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        return id;
    }
}
