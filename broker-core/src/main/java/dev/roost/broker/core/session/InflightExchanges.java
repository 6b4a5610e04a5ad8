package dev.roost.broker.core.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * The QoS 1/2 exchanges of one session that are in flight (SENT or PUBREL_SENT), keyed by packet id in the order they
 * were first sent, with the packet ids and the replay a resumed connection owes. While the session is offline they
 * leave the heap: only their sequences stay ({@link #spill}), for the owner to load back before a replay.
 *
 * <p>Every collection, and the packet ids, is allocated on first use. Not thread-safe: owned by the session's lane.
 */
final class InflightExchanges {
    private static final long[] NONE = new long[0];

    private PacketIdAllocator packetIds;
    private LinkedHashMap<Integer, OutboundEntry> byPacketId;
    private ArrayDeque<Integer> awaitingResend;
    /** Sequences of in-flight entries that are only in the store, in the order they were first sent. */
    private long[] spilled = NONE;
    private int spilledCount;

    /** Moves an entry in flight under a fresh packet id. */
    OutboundEntry markSent(OutboundEntry entry) {
        OutboundEntry sent = entry.sent(packetIds().allocate());
        byPacketId().put(sent.packetId(), sent);
        return sent;
    }

    /** Takes back an entry with the packet id it already had. */
    void restore(OutboundEntry entry) {
        packetIds().reserve(entry.packetId());
        byPacketId().put(entry.packetId(), entry);
    }

    /** The exchange ends. @return its entry, or {@code null} if unknown */
    OutboundEntry remove(int packetId) {
        OutboundEntry e = byPacketId == null ? null : byPacketId.remove(packetId);
        if (e != null) {
            packetIds.release(packetId);
            if (awaitingResend != null) {
                awaitingResend.remove(packetId);
            }
        }
        return e;
    }

    /** PUBREC: a SENT QoS 2 entry moves to PUBREL_SENT. @return the new entry, or {@code null} if unknown */
    OutboundEntry pubRecReceived(int packetId) {
        OutboundEntry e = get(packetId);
        if (e == null) {
            return null;
        }
        OutboundEntry next = e.state() == OutboundEntry.State.SENT ? e.pubRelSent() : e;
        byPacketId.put(packetId, next);
        if (awaitingResend != null) {
            awaitingResend.remove(packetId);
        }
        return next;
    }

    OutboundEntry get(int packetId) {
        return byPacketId == null ? null : byPacketId.get(packetId);
    }

    /** Every exchange must be sent again on the new connection, in order. */
    void beginResend() {
        awaitingResend = byPacketId == null || byPacketId.isEmpty() ? null : new ArrayDeque<>(byPacketId.keySet());
    }

    /** @return the next entry to send again, or {@code null} */
    OutboundEntry pollResend() {
        Integer id = awaitingResend == null ? null : awaitingResend.pollFirst();
        return id == null ? null : byPacketId.get(id);
    }

    /** Exchanges on the heap. */
    int count() {
        return byPacketId == null ? 0 : byPacketId.size();
    }

    /** Exchanges still to be sent again on this connection. */
    int awaitingResendCount() {
        return awaitingResend == null ? 0 : awaitingResend.size();
    }

    /** The connection is gone: the exchanges leave the heap, their sequences stay, their ids are freed. */
    void spill() {
        if (byPacketId != null) {
            reserveSpilled(byPacketId.size());
            for (OutboundEntry e : byPacketId.values()) {
                addSpilled(e.sequence());
            }
        }
        byPacketId = null;
        awaitingResend = null;
        releasePacketIds();
    }

    /** An exchange known by its sequence only, after those already there. */
    void addSpilled(long sequence) {
        if (spilledCount == spilled.length) {
            spilled = Arrays.copyOf(spilled, Math.max(4, spilledCount * 2));
        }
        spilled[spilledCount++] = sequence;
    }

    void reserveSpilled(int more) {
        if (spilledCount + more > spilled.length) {
            spilled = Arrays.copyOf(spilled, spilledCount + more);
        }
    }

    /** The sequences of the spilled exchanges, in the order they were first sent. */
    long[] spilledSequences() {
        return Arrays.copyOf(spilled, spilledCount);
    }

    int spilledCount() {
        return spilledCount;
    }

    /** The spilled exchanges were loaded back (or are gone): forgets their sequences. */
    void forgetSpilled() {
        spilled = NONE;
        spilledCount = 0;
    }

    /** Forgets everything and frees every packet id. */
    void clear() {
        byPacketId = null;
        awaitingResend = null;
        forgetSpilled();
        releasePacketIds();
    }

    /** Frees every id; the allocator stays, if there is one, for where its cycle through the ids has got to. */
    private void releasePacketIds() {
        if (packetIds != null) {
            packetIds.releaseAll();
        }
    }

    private PacketIdAllocator packetIds() {
        if (packetIds == null) {
            packetIds = new PacketIdAllocator();
        }
        return packetIds;
    }

    private LinkedHashMap<Integer, OutboundEntry> byPacketId() {
        if (byPacketId == null) {
            byPacketId = new LinkedHashMap<>();
        }
        return byPacketId;
    }
}
