package dev.roost.broker.core.session;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The spilled tail of a session's queue, in arrival order: a ring of (sequence, payload size) pairs. Each pair is
 * packed in one {@code long}, the sequence as its distance from a base (the first stored sequence), so an entry costs
 * 8 bytes; a ring whose sequences span more than 2^31 turns <em>wide</em>, two {@code long}s an entry, until it
 * empties. The ring is allocated on the first entry, grows by half, halves when a quarter full, and is dropped when it
 * empties; {@link #reserve} sizes it exactly when the caller knows how many entries come. An entry that is not in the
 * store cannot be referred to by its sequence: it keeps its place as a marker, and its object waits in a side queue.
 *
 * <p>Not thread-safe: owned by the session's lane.
 */
final class SpilledTail {
    /** A slot whose entry is the next one in {@link #held}. Sequences are positive. */
    static final long MARKER = -1;
    private static final long[] NONE = new long[0];
    /** The {@link #base} of a wide ring. */
    private static final long WIDE = -1;
    /** A marker's distance from the base in a packed slot: never a stored entry's. */
    private static final long MARKER_DISTANCE = Integer.MIN_VALUE;
    private static final int MIN_CAPACITY = 2;
    /** Rings at least this large halve when a quarter full. */
    private static final int MIN_SHRINK_CAPACITY = 16;

    /** Packed: {@code (sequence - base) << 32 | size} per entry. Wide: sequence, then size. */
    private long[] slots = NONE;
    /** What packed sequences count from, 0 until the first stored entry, {@link #WIDE} once wide. */
    private long base;
    /** The ring position of the first entry. */
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

    /** How many entries fit before the ring grows. */
    int capacity() {
        return base == WIDE ? slots.length >> 1 : slots.length;
    }

    /** Makes room for {@code more} entries beyond those held, exactly, so that adding them does not grow the ring. */
    void reserve(int more) {
        if (count + more > capacity()) {
            relayout(count + more, base == WIDE);
        }
    }

    /** Appends a stored entry known by reference only. */
    void addLast(long sequence, int size) {
        makeRoom(sequence);
        write(position(count), sequence, size);
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
        long sequence = inStore ? entry.sequence() : MARKER;
        makeRoom(sequence);
        first = first == 0 ? capacity() - 1 : first - 1;
        write(first, sequence, entry.size());
        count++;
        if (!inStore) {
            held().addFirst(entry);
        }
    }

    /** The sequence of the {@code i}-th entry from the front, or {@link #MARKER}. */
    long sequence(int i) {
        int at = position(i);
        if (base == WIDE) {
            return slots[2 * at];
        }
        long distance = slots[at] >> 32;
        return distance == MARKER_DISTANCE ? MARKER : base + distance;
    }

    /** The payload size of the {@code i}-th entry from the front. */
    int size(int i) {
        int at = position(i);
        return (int) (base == WIDE ? slots[2 * at + 1] : slots[at]);
    }

    /** Removes the first entry. @return its object if it was a marker, else {@code null} */
    OutboundEntry removeFirst() {
        if (count == 0) {
            throw new IllegalStateException("the spilled tail is empty");
        }
        OutboundEntry object = sequence(0) == MARKER ? held.pollFirst() : null;
        first = position(1);
        if (--count == 0) {
            slots = NONE;
            base = 0;
            first = 0;
            held = null;
        } else if (capacity() >= MIN_SHRINK_CAPACITY && count <= capacity() / 4) {
            relayout(capacity() / 2, base == WIDE);
        }
        return object;
    }

    /** Makes room for one more entry, widening the ring if {@code sequence} cannot be packed. */
    private void makeRoom(long sequence) {
        if (base == 0 && sequence != MARKER) {
            base = sequence;
        }
        boolean widen = base != WIDE && sequence != MARKER
                && (sequence - base <= MARKER_DISTANCE || sequence - base > Integer.MAX_VALUE);
        if (widen || count == capacity()) {
            int capacity = capacity();
            relayout(count < capacity ? capacity : Math.max(MIN_CAPACITY, capacity + (capacity >> 1)),
                    widen || base == WIDE);
        }
    }

    /** Copies the entries, in order from position 0, to a ring of {@code capacity} entries. */
    private void relayout(int capacity, boolean wide) {
        long[] next = new long[wide ? capacity * 2 : capacity];
        for (int i = 0; i < count; i++) {
            long sequence = sequence(i);
            int size = size(i);
            if (wide) {
                next[2 * i] = sequence;
                next[2 * i + 1] = size;
            } else {
                next[i] = pack(sequence, size);
            }
        }
        slots = next;
        first = 0;
        if (wide) {
            base = WIDE;
        }
    }

    private void write(int at, long sequence, int size) {
        if (base == WIDE) {
            slots[2 * at] = sequence;
            slots[2 * at + 1] = size;
        } else {
            slots[at] = pack(sequence, size);
        }
    }

    private long pack(long sequence, int size) {
        long distance = sequence == MARKER ? MARKER_DISTANCE : sequence - base;
        return distance << 32 | (size & 0xFFFF_FFFFL);
    }

    /** The ring position of the {@code i}-th entry from the front. */
    private int position(int i) {
        int at = first + i;
        int capacity = capacity();
        return at >= capacity ? at - capacity : at;
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
