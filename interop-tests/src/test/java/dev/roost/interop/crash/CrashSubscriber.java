package dev.roost.interop.crash;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A subscriber that behaves as a correct client must across broker crashes: it acknowledges what it reads and delivers
 * a QoS 2 message once per packet id until that id is released (4.3.3 method B). It records every delivery.
 */
final class CrashSubscriber extends CrashClient {
    private final int qos;
    private final Set<Integer> awaitingRelease = new HashSet<>();
    /** Deliveries to the application, in order: "q1:17", "q2:18". */
    final List<String> delivered = new ArrayList<>();

    CrashSubscriber(String clientId, boolean v5, int port, int qos) {
        super(clientId, v5, port);
        this.qos = qos;
    }

    void subscribe(String filter) {
        var subscribe = PacketBytes.subscribe().packetId(1).filter(filter, qos);
        socket.send(v5 ? subscribe.v5().build() : subscribe.build());
        if (socket.receive().packetType() != PacketType.SUBACK) {
            throw new AssertionError(clientId + ": SUBACK expected");
        }
    }

    /** Reads and acknowledges up to {@code max} packets that arrive within a short wait each; returns how many. */
    int readSome(int max) {
        int n = 0;
        while (n < max) {
            RawPacket p;
            try {
                p = socket.receive(Duration.ofMillis(100));
            } catch (AssertionError nothingMore) {
                return n;
            }
            handle(p);
            n++;
        }
        return n;
    }

    /** Reads until the broker has sent everything it has for this session (PINGREQ barriers after each ack). */
    void drain() {
        socket.send(PacketBytes.pingreq());
        int pings = 1;
        while (pings > 0) {
            RawPacket p = socket.receive(Duration.ofSeconds(10));
            if (p.packetType() == PacketType.PINGRESP) {
                pings--;
            } else {
                handle(p);
                socket.send(PacketBytes.pingreq());
                pings++;
            }
        }
    }

    private void handle(RawPacket p) {
        switch (p.packetType()) {
            case PUBLISH -> {
                String message = p.publishPayloadString(v5);
                switch (p.publishQos()) {
                    case 0 -> delivered.add(message);
                    case 1 -> {
                        delivered.add(message);
                        socket.send(PacketBytes.puback(p.publishPacketId()).build());
                    }
                    default -> {
                        if (awaitingRelease.add(p.publishPacketId())) {
                            delivered.add(message);
                        }
                        socket.send(PacketBytes.pubrec(p.publishPacketId()).build());
                    }
                }
            }
            case PUBREL -> {
                awaitingRelease.remove(p.packetId());
                socket.send(PacketBytes.pubcomp(p.packetId()).build());
            }
            case PINGRESP -> { }
            default -> throw new AssertionError(clientId + ": unexpected " + p.packetType());
        }
    }
}
