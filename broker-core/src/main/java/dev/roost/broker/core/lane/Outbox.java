package dev.roost.broker.core.lane;

import dev.roost.broker.core.connection.Connection;
import dev.roost.protocol.packet.Packet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one lane's current batch of work wants sent, per connection and in order, held until the batch's writes are
 * durable. Then each connection gets its packets in one write and one flush, and a close requested after them.
 *
 * <p>Not thread-safe: owned by its lane.
 */
final class Outbox {
    /** One connection's share of the batch. */
    private static final class Pending {
        final List<Packet> packets = new ArrayList<>(2);
        boolean close;
    }

    private final Map<Connection, Pending> pending = new IdentityHashMap<>();

    void send(Connection connection, Packet packet) {
        Pending p = pending.computeIfAbsent(connection, c -> new Pending());
        if (!p.close) {
            p.packets.add(packet);
        }
    }

    /** Closes {@code connection} after what it was sent before; {@code last} (nullable) is sent just before. */
    void close(Connection connection, Packet last) {
        Pending p = pending.computeIfAbsent(connection, c -> new Pending());
        if (!p.close) {
            if (last != null) {
                p.packets.add(last);
            }
            p.close = true;
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Sends everything held, then forgets it. */
    void release() {
        for (Map.Entry<Connection, Pending> e : pending.entrySet()) {
            e.getKey().sendAll(e.getValue().packets, e.getValue().close);
        }
        pending.clear();
    }

    /**
     * The batch's writes could not be made durable: nothing it produced may be sent. Every connection it would have
     * written to is closed instead; its client will resend what was not acknowledged.
     *
     * @return how many connections were closed
     */
    int discard() {
        int closed = pending.size();
        for (Connection c : pending.keySet()) {
            c.close();
        }
        pending.clear();
        return closed;
    }
}
