package dev.roost.broker.core.connection;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.packet.Packet;

/**
 * The broker's side of one connection: the CONNECT…DISCONNECT state machine. Created by
 * {@code BrokerCore.accept(Connection)}.
 *
 * <p>The transport calls these methods from the connection's I/O thread, one at a time and in the order things happened
 * on the socket. They never block: work is handed to the session's lane.
 */
public interface ProtocolHandler {

    /** A packet was decoded. */
    void onPacket(Packet packet);

    /** Input could not be decoded or broke a rule the codec checks; the handler answers and closes. */
    void onDecodeFailure(DecodeFailure failure);

    /** Nothing was received within the keep-alive limit armed through {@link Connection#armKeepAlive}. */
    void onKeepAliveTimeout();

    /**
     * The transport's outbound buffer drained below its low-water mark after {@link Connection#isWritable()} had
     * turned false: what was held back can be sent.
     */
    default void onWritable() {
    }

    /** The network connection is closed, by either side. Called exactly once. */
    void onClosed();
}
