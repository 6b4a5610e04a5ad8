package dev.roost.store.rocksdb;

/**
 * Reference counts of stored messages by message id, with a "stored" flag each: an open-addressing table of
 * primitives (linear probing, deletion by backward shift, so no tombstones), 16 to 32 bytes per message and no object.
 * An id is present while its count is at least 1. It grows at 3/4 full and shrinks below 1/8.
 *
 * <p>Not thread-safe: {@link MessageRefs} guards each instance with its monitor.
 */
final class RefCounts {
    private static final long FREE = 0; // message ids start at 1
    private static final int STORED = 0x8000_0000;
    private static final int COUNT = 0x7FFF_FFFF;
    private static final int MIN_CAPACITY = 16;

    private long[] ids = new long[MIN_CAPACITY];
    /** The count in the low 31 bits, {@link #STORED} in the sign bit. */
    private int[] values = new int[MIN_CAPACITY];
    private int size;

    /** @return the count of {@code id}, 0 if it is not present */
    int count(long id) {
        int at = find(id);
        return at < 0 ? 0 : values[at] & COUNT;
    }

    /** @return whether {@code id} is present and its payload stored */
    boolean isStored(long id) {
        int at = find(id);
        return at >= 0 && (values[at] & STORED) != 0;
    }

    /** Adds {@code id}, which must not be present, with {@code count} (at least 1). */
    void insert(long id, int count, boolean stored) {
        if (id == FREE) {
            throw new IllegalArgumentException("message id 0");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " for message " + id);
        }
        if ((size + 1) * 4L > ids.length * 3L) {
            resize(ids.length * 2);
        }
        int at = slot(ids, id);
        if (ids[at] == id) {
            throw new IllegalStateException("message " + id + " is counted already");
        }
        ids[at] = id;
        values[at] = count | (stored ? STORED : 0);
        size++;
    }

    /**
     * Adds {@code n} (which may be negative) to the count of {@code id} if it is present; the result must stay at
     * least 1 (use {@link #remove} for 0).
     *
     * @return whether {@code id} was present
     */
    boolean add(long id, int n) {
        int at = find(id);
        if (at < 0) {
            return false;
        }
        long count = (values[at] & COUNT) + (long) n;
        if (count < 1 || count > COUNT) {
            throw new IllegalStateException("count of message " + id + " out of range: " + count);
        }
        values[at] = (values[at] & STORED) | (int) count;
        return true;
    }

    /** Marks the payload of {@code id} stored, if it is present. */
    void markStored(long id) {
        int at = find(id);
        if (at >= 0) {
            values[at] |= STORED;
        }
    }

    /** Removes {@code id} if it is present. */
    void remove(long id) {
        int at = find(id);
        if (at < 0) {
            return;
        }
        int mask = ids.length - 1;
        int hole = at;
        for (int next = (hole + 1) & mask; ids[next] != FREE; next = (next + 1) & mask) {
            int home = home(ids[next], mask);
            // An entry may move back into the hole unless its home lies cyclically in (hole, next].
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                ids[hole] = ids[next];
                values[hole] = values[next];
                hole = next;
            }
        }
        ids[hole] = FREE;
        values[hole] = 0;
        size--;
        if (ids.length > MIN_CAPACITY && size * 8L < ids.length) {
            resize(ids.length / 2);
        }
    }

    int size() {
        return size;
    }

    /** Forgets every id. */
    void clear() {
        ids = new long[MIN_CAPACITY];
        values = new int[MIN_CAPACITY];
        size = 0;
    }

    private int find(long id) {
        if (id == FREE) {
            return -1;
        }
        int at = slot(ids, id);
        return ids[at] == id ? at : -1;
    }

    /** @return the slot of {@code id}, or the free slot where it would go */
    private static int slot(long[] table, long id) {
        int mask = table.length - 1;
        int at = home(id, mask);
        while (table[at] != FREE && table[at] != id) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private static int home(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        int[] oldValues = values;
        ids = new long[capacity];
        values = new int[capacity];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != FREE) {
                int at = slot(ids, oldIds[i]);
                ids[at] = oldIds[i];
                values[at] = oldValues[i];
            }
        }
    }
}
