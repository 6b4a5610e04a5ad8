package dev.roost.broker.core.connection;

import dev.roost.protocol.packet.Packet;
import java.time.Duration;
import java.util.List;

/**
 * One client's network connection, as the transport offers it to the broker's session logic. Implemented by the
 * transport (Netty in the {@code broker} module; a recording fake in tests).
 *
 * <p>Thread-safe: every method may be called from any thread. Packets are written in the order of the calls made by
 * one thread.
 */
public interface Connection {

    /** Writes the packet and flushes it. Does nothing once the connection is closed. */
    void send(Packet packet);

    /** Writes the packet, flushes it, then closes the connection. */
    void sendAndClose(Packet packet);

    /**
     * Writes the packets in order with one flush, then closes the connection if {@code close}. Transports override it
     * to save a flush (and a hand-over to their I/O thread) per packet.
     */
    default void sendAll(List<Packet> packets, boolean close) {
        for (Packet p : packets) {
            send(p);
        }
        if (close) {
            close();
        }
    }

    /**
     * Stops reading from the network until {@link #resumeReading()}: the broker's queue of work for this client is
     * full. Packets already read may still arrive. Idempotent; may be called from any thread.
     */
    void pauseReading();

    /** Reads from the network again after {@link #pauseReading()}. Idempotent; may be called from any thread. */
    void resumeReading();

    /** Closes the connection. Idempotent. The transport then calls {@link ProtocolHandler#onClosed()} once. */
    void close();

    /**
     * Starts (or restarts) the keep-alive watch: when nothing is received for {@code idleLimit}, the transport calls
     * {@link ProtocolHandler#onKeepAliveTimeout()}. {@link Duration#ZERO} turns the watch off.
     */
    void armKeepAlive(Duration idleLimit);

    /**
     * @return whether the transport's outbound buffer can take more without growing past its high-water mark; QoS 0
     *     messages to a connection that is not writable may be dropped.
     */
    boolean isWritable();

    /** For logs: the peer's address as text. */
    String remoteAddress();
}
