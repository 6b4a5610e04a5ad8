package dev.roost.broker.core.session;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The spilled tail of a session's queue, in arrival order: a ring of (sequence, payload size) pairs, two primitive
 * arrays that take 12 bytes per entry, allocated on the first entry and dropped when the ring empties. An entry that
 * is not in the store cannot be referred to by its sequence: it keeps its place as a marker, and its object waits in a
 * side queue.
 *
 * <p>Not thread-safe: owned by the session's lane.
 */
final class SpilledTail {
    /** A slot whose entry is the next one in {@link #held}. Sequences are positive. */
    static final long MARKER = -1;
    private static final long[] NO_SEQUENCES = new long[0];
    private static final int[] NO_SIZES = new int[0];

    private long[] sequences = NO_SEQUENCES;
    private int[] sizes = NO_SIZES;
    private int first;
    private int count;
    /** Objects of the marker slots, in order; null while there are none. */
    private ArrayDeque<OutboundEntry> held;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Marker slots: entry objects the tail holds on the heap. */
    int heldCount() {
        return held == null ? 0 : held.size();
    }

    /** Appends a stored entry known by reference only. */
    void addLast(long sequence, int size) {
        grow();
        int at = (first + count) & (sequences.length - 1);
        sequences[at] = sequence;
        sizes[at] = size;
        count++;
    }

    /** Appends an entry: by reference if it is in the store, else as a marker. */
    void addLast(OutboundEntry entry, boolean inStore) {
        addLast(inStore ? entry.sequence() : MARKER, entry.size());
        if (!inStore) {
            held().addLast(entry);
        }
    }

    /** Puts an entry in front of all others: by reference if it is in the store, else as a marker. */
    void addFirst(OutboundEntry entry, boolean inStore) {
        grow();
        first = (first - 1) & (sequences.length - 1);
        sequences[first] = inStore ? entry.sequence() : MARKER;
        sizes[first] = entry.size();
        count++;
        if (!inStore) {
            held().addFirst(entry);
        }
    }

    /** The sequence of the {@code i}-th entry from the front, or {@link #MARKER}. */
    long sequence(int i) {
        return sequences[(first + i) & (sequences.length - 1)];
    }

    /** The payload size of the {@code i}-th entry from the front. */
    int size(int i) {
        return sizes[(first + i) & (sequences.length - 1)];
    }

    /** Removes the first entry. @return its object if it was a marker, else {@code null} */
    OutboundEntry removeFirst() {
        if (count == 0) {
            throw new IllegalStateException("the spilled tail is empty");
        }
        OutboundEntry object = sequence(0) == MARKER ? held.pollFirst() : null;
        first = (first + 1) & (sequences.length - 1);
        if (--count == 0) {
            sequences = NO_SEQUENCES;
            sizes = NO_SIZES;
            first = 0;
            held = null;
        }
        return object;
    }

    /** Makes room for one more entry; the capacity stays a power of two. */
    private void grow() {
        if (count < sequences.length) {
            return;
        }
        int capacity = Math.max(8, sequences.length * 2);
        long[] s = new long[capacity];
        int[] z = new int[capacity];
        for (int i = 0; i < count; i++) {
            s[i] = sequence(i);
            z[i] = size(i);
        }
        sequences = s;
        sizes = z;
        first = 0;
    }

    private ArrayDeque<OutboundEntry> held() {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        return held;
    }

    @Override
    public String toString() {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = sequence(i);
        }
        return Arrays.toString(s);
    }
}
