package dev.roost.interop.crash;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;

/**
 * A raw client with a persistent session that survives broker restarts: it reconnects to the same port with Clean
 * Start 0 and expects Session Present 1. Its own session state lives in the test process, which never crashes.
 */
abstract class CrashClient {
    final String clientId;
    final boolean v5;
    private final int port;
    RawMqttClient socket;

    CrashClient(String clientId, boolean v5, int port) {
        this.clientId = clientId;
        this.v5 = v5;
        this.port = port;
    }

    /** @return Session Present */
    boolean connect() {
        socket = RawMqttClient.connect("127.0.0.1", port);
        var connect = PacketBytes.connect().clientId(clientId).cleanStart(false).keepAlive(0);
        socket.send(v5 ? connect.v5().sessionExpiry(3600).build() : connect.v311().build());
        RawPacket ack = socket.receive();
        if (ack.packetType() != PacketType.CONNACK || ack.connAckCode() != 0) {
            throw new AssertionError(clientId + ": CONNACK expected, got " + ack);
        }
        return ack.connAckSessionPresent();
    }

    void disconnect() {
        socket.send(PacketBytes.disconnect().build());
        socket.close();
    }

    /** The broker died: forget the socket. */
    void lost() {
        socket.close();
    }
}
