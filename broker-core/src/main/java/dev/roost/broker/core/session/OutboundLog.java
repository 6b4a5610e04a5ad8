package dev.roost.broker.core.session;

import dev.roost.broker.core.BrokerSettings.OverflowPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's ordered outbound log: messages queued for the client, and QoS 1/2 exchanges in flight (SENT or
 * PUBREL_SENT) keyed by packet id in the order they were first sent. Read-new assigns ids, read-in-flight replays.
 *
 * <p>Not thread-safe: owned by the session's lane.
 */
public final class OutboundLog {
    private final ArrayDeque<OutboundEntry> queued = new ArrayDeque<>();
    private final LinkedHashMap<Integer, OutboundEntry> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Integer> awaitingResend = new ArrayDeque<>();
    private final PacketIdAllocator packetIds = new PacketIdAllocator();
    private long queuedBytes;

    /**
     * Appends a queued entry within the limits.
     *
     * @return the entries dropped to respect the limits, oldest first: {@code entry} itself under DROP_NEWEST, older
     *     queued entries under DROP_OLDEST; empty when nothing was dropped
     */
    public List<OutboundEntry> enqueue(OutboundEntry entry, int maxMessages, long maxBytes, OverflowPolicy policy) {
        boolean full = queued.size() >= maxMessages || queuedBytes + entry.size() > maxBytes;
        if (full && (policy == OverflowPolicy.DROP_NEWEST || entry.size() > maxBytes)) {
            return List.of(entry);
        }
        List<OutboundEntry> dropped = List.of();
        while (!queued.isEmpty() && (queued.size() >= maxMessages || queuedBytes + entry.size() > maxBytes)) {
            if (dropped.isEmpty()) {
                dropped = new ArrayList<>();
            }
            OutboundEntry oldest = queued.pollFirst();
            queuedBytes -= oldest.size();
            dropped.add(oldest);
        }
        queued.addLast(entry);
        queuedBytes += entry.size();
        return dropped;
    }

    /** @return the oldest queued entry, removed from the queue, or {@code null} */
    public OutboundEntry pollQueued() {
        OutboundEntry e = queued.pollFirst();
        if (e != null) {
            queuedBytes -= e.size();
        }
        return e;
    }

    /** Moves a polled entry in flight under a fresh packet id. */
    public OutboundEntry markSent(OutboundEntry entry) {
        OutboundEntry sent = entry.sent(packetIds.allocate());
        inflight.put(sent.packetId(), sent);
        return sent;
    }

    /** Restores an in-flight entry (from a store or a takeover) with the packet id it already had. */
    public void restoreInflight(OutboundEntry entry) {
        packetIds.reserve(entry.packetId());
        inflight.put(entry.packetId(), entry);
    }

    /** Restores a queued entry at the end of the queue. */
    public void restoreQueued(OutboundEntry entry) {
        queued.addLast(entry);
        queuedBytes += entry.size();
    }

    /** PUBACK, or PUBREC with an error code: the exchange ends. @return the entry, or {@code null} if unknown */
    public OutboundEntry remove(int packetId) {
        OutboundEntry e = inflight.remove(packetId);
        if (e != null) {
            packetIds.release(packetId);
            awaitingResend.remove(packetId);
        }
        return e;
    }

    /** PUBREC: a QoS 2 entry moves to PUBREL_SENT. @return the new entry, or {@code null} if none was SENT */
    public OutboundEntry pubRecReceived(int packetId) {
        OutboundEntry e = inflight.get(packetId);
        if (e == null) {
            return null;
        }
        OutboundEntry next = e.state() == OutboundEntry.State.SENT ? e.pubRelSent() : e;
        inflight.put(packetId, next);
        awaitingResend.remove(packetId);
        return next;
    }

    public OutboundEntry inflight(int packetId) {
        return inflight.get(packetId);
    }

    /** A new connection resumes the session: every in-flight entry must be sent again, in order. */
    public void beginResend() {
        awaitingResend.clear();
        awaitingResend.addAll(inflight.keySet());
    }

    /** @return the next in-flight entry to send again on this connection, or {@code null} */
    public OutboundEntry pollResend() {
        Integer id = awaitingResend.pollFirst();
        return id == null ? null : inflight.get(id);
    }

    /** In-flight exchanges the current connection has seen and not completed: what its Receive Maximum limits. */
    public int unacknowledgedOnConnection() {
        return inflight.size() - awaitingResend.size();
    }

    public boolean hasPending() {
        return !awaitingResend.isEmpty() || !queued.isEmpty();
    }

    public int inflightCount() {
        return inflight.size();
    }

    public int queuedCount() {
        return queued.size();
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    public List<OutboundEntry> inflightEntries() {
        return List.copyOf(inflight.values());
    }

    public List<OutboundEntry> queuedEntries() {
        return List.copyOf(queued);
    }

    /** Empties the log; returns what was in it, in-flight entries first. */
    public List<OutboundEntry> clear() {
        List<OutboundEntry> all = new ArrayList<>(inflight.values());
        all.addAll(queued);
        for (Map.Entry<Integer, OutboundEntry> e : inflight.entrySet()) {
            packetIds.release(e.getKey());
        }
        inflight.clear();
        awaitingResend.clear();
        queued.clear();
        queuedBytes = 0;
        return all;
    }
}
