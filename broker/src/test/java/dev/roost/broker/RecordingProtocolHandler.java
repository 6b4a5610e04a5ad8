package dev.roost.broker;

import dev.roost.broker.core.connection.Connection;
import dev.roost.broker.core.connection.ProtocolHandler;
import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PingResp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the broker core's protocol handler: answers CONNECT with CONNACK (and arms the keep-alive watch when
 * asked to) and PINGREQ with PINGRESP; answers a decode failure with a PINGRESP and a close (a packet every version
 * encodes the same, to see {@code sendAndClose} deliver before it closes), a keep-alive timeout with a close; and
 * records what the transport told it, in order.
 */
final class RecordingProtocolHandler implements ProtocolHandler {
    private final Connection connection;
    private final Duration keepAlive;
    final List<Object> events = new CopyOnWriteArrayList<>();

    private RecordingProtocolHandler(Connection connection, Duration keepAlive) {
        this.connection = connection;
        this.keepAlive = keepAlive;
    }

    /** Creates handlers that arm {@code keepAlive} on CONNECT, and keeps every handler it created in {@code created}. */
    static Function<Connection, ProtocolHandler> factory(Duration keepAlive, List<RecordingProtocolHandler> created) {
        return connection -> {
            RecordingProtocolHandler handler = new RecordingProtocolHandler(connection, keepAlive);
            created.add(handler);
            return handler;
        };
    }

    @Override
    public void onPacket(Packet packet) {
        events.add(packet.type());
        if (packet instanceof Connect) {
            connection.armKeepAlive(keepAlive);
            connection.send(new ConnAck(false, ReasonCode.SUCCESS, ConnAckProperties.NONE));
        } else if (packet instanceof PingReq) {
            connection.send(PingResp.INSTANCE);
        }
    }

    @Override
    public void onDecodeFailure(DecodeFailure failure) {
        events.add(failure);
        connection.sendAndClose(PingResp.INSTANCE);
    }

    @Override
    public void onKeepAliveTimeout() {
        events.add("keep-alive timeout");
        connection.close();
    }

    @Override
    public void onClosed() {
        events.add("closed");
    }
}
