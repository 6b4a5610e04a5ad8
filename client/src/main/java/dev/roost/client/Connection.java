package dev.roost.client;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Packet;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.function.BooleanSupplier;

/**
 * One network connection of the client: what is "valid for the connection" (the channel, the version, the server's
 * limits once CONNACK arrived) and the only way packets reach the wire.
 *
 * <p>{@link #send} writes without flushing and schedules one flush for the end of the current turn of the I/O thread;
 * that flush first syncs the session store. So every packet written in a turn leaves together, and only after every
 * session change made in that turn is durable (store before wire, with one fsync per batch).
 *
 * <p>Not thread-safe: owned by the client's I/O thread, which is also the channel's event loop.
 */
final class Connection {
    private final Channel channel;
    private final MqttVersion version;
    private final BooleanSupplier syncStore;
    private ConnectionLimits limits;
    private boolean flushScheduled;
    private Throwable closeCause;

    /** @param syncStore makes the session's changes durable; {@code false} when the store failed */
    Connection(Channel channel, MqttVersion version, BooleanSupplier syncStore) {
        this.channel = channel;
        this.version = version;
        this.syncStore = syncStore;
    }

    /** Writes a packet; it leaves with the next flush, after the session store sync. */
    ChannelFuture send(Packet packet) {
        ChannelFuture written = channel.write(packet);
        written.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(this::flush);
        }
        return written;
    }

    private void flush() {
        flushScheduled = false;
        if (syncStore.getAsBoolean()) {
            channel.flush();
        } else {
            channel.close();
        }
    }

    /** CONNACK accepted the connection under these limits. */
    void accepted(ConnectionLimits connectionLimits) {
        this.limits = connectionLimits;
    }

    /** @return {@code true} once CONNACK accepted the connection */
    boolean isAccepted() {
        return limits != null;
    }

    /** @return the server's limits; only once {@link #isAccepted()} */
    ConnectionLimits limits() {
        return limits;
    }

    MqttVersion version() {
        return version;
    }

    Channel channel() {
        return channel;
    }

    /** Closes the connection, remembering the first reason given. */
    void close(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        channel.close();
    }

    /** @return why the connection was closed by this side or the server said it closes it; {@code null} if unknown */
    Throwable closeCause() {
        return closeCause;
    }
}
