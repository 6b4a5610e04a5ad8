package dev.roost.broker.core.session;

import dev.roost.broker.core.BrokerSettings.OverflowPolicy;
import dev.roost.broker.core.store.StoredLog;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A session's ordered outbound log: messages queued for the client, and QoS 1/2 exchanges in flight (SENT or
 * PUBREL_SENT) keyed by packet id in the order they were first sent. Read-new assigns ids, read-in-flight replays.
 *
 * <p>Only what is about to be sent is on the heap. The queue is a <em>head</em> of entries followed by a <em>spilled
 * tail</em> that holds only each entry's sequence and payload size, in arrival order (fan-out entries get their
 * sequences on the publisher's lane and may arrive out of sequence order, so the tail is never read back "from a
 * sequence on", only by its exact list). The entry itself is in the store; the owner pages the tail in with
 * {@link #spilledPage} and {@link #pageIn} when the head runs dry. An entry that is not in the store (QoS 0 held for a
 * slow consumer) cannot be spilled: it keeps its place in the tail as a marker, its object waits in a side queue.
 * While the session is offline everything is spilled, in-flight entries included ({@link #detach}); the owner loads
 * those back with {@link #restoreInflight} before replaying them.
 *
 * <p>The in-flight part is an {@link InflightExchanges}, created when the session first sends or recovers one. Every
 * collection is allocated on first use and dropped when emptied. An offline session holds this object and its spilled
 * tail (8 bytes an entry), and its in-flight part (sequences only, and its packet ids) if it sent anything.
 *
 * <p>Not thread-safe: owned by the session's lane. This class does no I/O; the flow that owns it reads the store.
 */
public final class OutboundLog {
    /** How many entries an online session keeps on the heap before it spills newer ones. */
    public static final int HEAD_WINDOW = 1024;

    private final int headWindow;
    // The queue, in arrival order: head, then tail. Its limits apply to both together.
    private ArrayDeque<OutboundEntry> head;
    /** Head entries that are not in the store, by identity. */
    private Set<OutboundEntry> headTransient;
    private SpilledTail spilled;
    private long queuedBytes;
    /** Null until the first send or recovered exchange: a session recovered at start-up may never need one. */
    private InflightExchanges inflight;

    public OutboundLog() {
        this(HEAD_WINDOW);
    }

    /** @param headWindow how many queued entries an online session keeps on the heap */
    public OutboundLog(int headWindow) {
        if (headWindow < 1) {
            throw new IllegalArgumentException("headWindow must be at least 1: " + headWindow);
        }
        this.headWindow = headWindow;
    }

    /**
     * Appends a queued entry within the limits, which count head and tail together. The entry goes to the head if the
     * session is online, nothing is spilled and the head has room; otherwise it is spilled (kept as a reference if
     * {@code inStore}, else as a marker).
     *
     * @param inStore the entry is in the store, or will be before the lane reads the store again
     * @return what was dropped to respect the limits: {@code entry} itself under DROP_NEWEST, the oldest queued entries
     *     under DROP_OLDEST (the head's first, then the tail's)
     */
    public Dropped enqueue(OutboundEntry entry, boolean inStore, boolean online, int maxMessages, long maxBytes,
                           OverflowPolicy policy) {
        int size = entry.size();
        boolean full = queuedCount() >= maxMessages || queuedBytes + size > maxBytes;
        if (full && (policy == OverflowPolicy.DROP_NEWEST || size > maxBytes)) {
            return Dropped.of(entry);
        }
        Dropped dropped = Dropped.NONE;
        while (queuedCount() > 0 && (queuedCount() >= maxMessages || queuedBytes + size > maxBytes)) {
            dropped = dropOldest(dropped);
        }
        if (online && isSpilledEmpty() && headSize() < headWindow) {
            addHead(entry, inStore);
        } else {
            spilled().addLast(entry, inStore);
        }
        queuedBytes += size;
        return dropped;
    }

    private Dropped dropOldest(Dropped dropped) {
        if (headSize() > 0) {
            OutboundEntry oldest = pollQueued();
            return Dropped.add(dropped, oldest);
        }
        long sequence = spilled.sequence(0);
        queuedBytes -= spilled.size(0);
        OutboundEntry held = spilled.removeFirst();
        return held != null ? Dropped.add(dropped, held) : Dropped.addSpilled(dropped, sequence);
    }

    private void addHead(OutboundEntry entry, boolean inStore) {
        if (head == null) {
            head = new ArrayDeque<>(8);
        }
        head.addLast(entry);
        if (!inStore) {
            if (headTransient == null) {
                headTransient = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            headTransient.add(entry);
        }
    }

    /** @return the oldest entry of the head, removed from the queue, or {@code null} if the head is empty */
    public OutboundEntry pollQueued() {
        OutboundEntry e = head == null ? null : head.pollFirst();
        if (e != null) {
            queuedBytes -= e.size();
            if (headTransient != null && headTransient.remove(e) && headTransient.isEmpty()) {
                headTransient = null;
            }
            if (head.isEmpty()) {
                head = null;
            }
        }
        return e;
    }

    /** Whether the head is empty and the tail is not: the owner should {@link #pageIn} before polling again. */
    public boolean needsPage() {
        return headSize() == 0 && !isSpilledEmpty();
    }

    /**
     * The sequences to load for the next page: those of the first {@code max} tail entries that are in the store, in
     * arrival order. Changes nothing; {@link #pageIn} with the same {@code max} takes the page.
     */
    public long[] spilledPage(int max) {
        int n = Math.min(max, spilledCount());
        long[] page = new long[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            long sequence = spilled.sequence(i);
            if (sequence != SpilledTail.MARKER) {
                page[count++] = sequence;
            }
        }
        return count == n ? page : Arrays.copyOf(page, count);
    }

    /**
     * Moves the first {@code max} tail entries to the head, in order: each stored one as its entry in {@code loaded}
     * (what the store returned for {@link #spilledPage}, in that order; a missing one was deleted and is left out),
     * each marker as its waiting object.
     */
    public void pageIn(int max, List<OutboundEntry> loaded) {
        int n = Math.min(max, spilledCount());
        int next = 0;
        for (int i = 0; i < n; i++) {
            long sequence = spilled.sequence(0);
            int size = spilled.size(0);
            OutboundEntry held = spilled.removeFirst();
            if (held != null) {
                addHead(held, false);
            } else if (next < loaded.size() && loaded.get(next).sequence() == sequence) {
                OutboundEntry e = loaded.get(next++);
                queuedBytes += e.size() - size;
                addHead(e, true);
            } else {
                queuedBytes -= size;
            }
        }
        if (spilled.isEmpty()) {
            spilled = null;
        }
    }

    /**
     * The connection is gone and the session stays: the head goes back to the front of the tail, and the in-flight
     * entries leave the heap too (their ids are freed; {@link #restoreInflight} takes them back). Afterwards the log
     * holds no entry that is in the store.
     */
    public void detach() {
        if (headSize() > 0) {
            spilled().reserve(headSize());
        }
        while (headSize() > 0) {
            OutboundEntry e = head.pollLast();
            spilled().addFirst(e, headTransient == null || !headTransient.contains(e));
        }
        head = null;
        headTransient = null;
        if (inflight != null) {
            inflight.spill();
        }
    }

    /** Start-up: the stored log's in-flight and queued entries, by reference, in its order. */
    public void addSpilled(StoredLog log) {
        if (log.inflightCount() > 0) {
            inflight().reserveSpilled(log.inflightCount());
        }
        for (int i = 0; i < log.inflightCount(); i++) {
            inflight().addSpilled(log.inflightSequence(i));
        }
        if (log.queuedCount() > 0) {
            spilled().reserve(log.queuedCount());
        }
        for (int i = 0; i < log.queuedCount(); i++) {
            addSpilled(log.queuedSequence(i), log.queuedSize(i));
        }
    }

    /** Start-up: a queued entry known by reference only, appended to the tail. */
    public void addSpilled(long sequence, int size) {
        spilled().addLast(sequence, size);
        queuedBytes += size;
    }

    /** Start-up or {@link #detach}: an in-flight entry known by reference only, after those already there. */
    public void addSpilledInflight(long sequence) {
        inflight().addSpilled(sequence);
    }

    /** The sequences of the in-flight entries to load before a replay, in the order they were first sent. */
    public long[] spilledInflight() {
        return inflight == null ? new long[0] : inflight.spilledSequences();
    }

    /**
     * Takes back the in-flight entries loaded for {@link #spilledInflight} (those still stored) with the packet ids
     * they had. One the store still has as QUEUED (its SENT state was never written) goes back to the front of the
     * queue instead.
     */
    public void restoreInflight(List<OutboundEntry> loaded) {
        if (inflight != null) {
            inflight.forgetSpilled();
        }
        for (int i = loaded.size() - 1; i >= 0; i--) {
            OutboundEntry e = loaded.get(i);
            if (e.state() == OutboundEntry.State.QUEUED) {
                if (head == null) {
                    head = new ArrayDeque<>(8);
                }
                head.addFirst(e);
                queuedBytes += e.size();
            }
        }
        for (OutboundEntry e : loaded) {
            if (e.state() != OutboundEntry.State.QUEUED) {
                restoreInflight(e);
            }
        }
    }

    /** Moves a polled entry in flight under a fresh packet id. */
    public OutboundEntry markSent(OutboundEntry entry) {
        return inflight().markSent(entry);
    }

    /** Restores an in-flight entry (from the store) with the packet id it already had. */
    public void restoreInflight(OutboundEntry entry) {
        inflight().restore(entry);
    }

    /** PUBACK, or PUBREC with an error code: the exchange ends. @return the entry, or {@code null} if unknown */
    public OutboundEntry remove(int packetId) {
        return inflight == null ? null : inflight.remove(packetId);
    }

    /** PUBREC: a QoS 2 entry moves to PUBREL_SENT. @return the new entry, or {@code null} if none was SENT */
    public OutboundEntry pubRecReceived(int packetId) {
        return inflight == null ? null : inflight.pubRecReceived(packetId);
    }

    /** @return the in-flight entry with this packet id, or {@code null} */
    public OutboundEntry inflight(int packetId) {
        return inflight == null ? null : inflight.get(packetId);
    }

    /** A new connection resumes the session: every in-flight entry must be sent again, in order. */
    public void beginResend() {
        if (inflight != null) {
            inflight.beginResend();
        }
    }

    /** @return the next in-flight entry to send again on this connection, or {@code null} */
    public OutboundEntry pollResend() {
        return inflight == null ? null : inflight.pollResend();
    }

    /** In-flight exchanges the current connection has seen and not completed: what its Receive Maximum limits. */
    public int unacknowledgedOnConnection() {
        return inflightCount() - awaitingCount();
    }

    /** Whether anything waits to be sent: a replay, or a queued entry on the heap or spilled. */
    public boolean hasPending() {
        return awaitingCount() > 0 || headSize() > 0 || !isSpilledEmpty()
                || (inflight != null && inflight.spilledCount() > 0);
    }

    /** In-flight exchanges on the heap. */
    public int inflightCount() {
        return inflight == null ? 0 : inflight.count();
    }

    /** Queued entries, on the heap and spilled. */
    public int queuedCount() {
        return headSize() + spilledCount();
    }

    /** Payload bytes of the queued entries, on the heap and spilled. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Queued entries known by reference only (markers included). */
    public int spilledCount() {
        return spilled == null ? 0 : spilled.size();
    }

    /** Entry objects this log holds on the heap: head, in flight, and markers' waiting objects. */
    public int inMemoryCount() {
        return headSize() + inflightCount() + (spilled == null ? 0 : spilled.heldCount());
    }

    /** Empties the log and frees every packet id; the store is the caller's business. */
    public void clear() {
        head = null;
        headTransient = null;
        spilled = null;
        queuedBytes = 0;
        if (inflight != null) {
            inflight.clear();
        }
    }

    private int awaitingCount() {
        return inflight == null ? 0 : inflight.awaitingResendCount();
    }

    private int headSize() {
        return head == null ? 0 : head.size();
    }

    private boolean isSpilledEmpty() {
        return spilled == null || spilled.isEmpty();
    }

    private InflightExchanges inflight() {
        if (inflight == null) {
            inflight = new InflightExchanges();
        }
        return inflight;
    }

    private SpilledTail spilled() {
        if (spilled == null) {
            spilled = new SpilledTail();
        }
        return spilled;
    }
}
