package dev.roost.store.rocksdb;

/**
 * A map from message id ({@code long}, never 0) to an {@code int}, with no object per entry: an open-addressing table
 * of two primitive arrays (linear probing, deletion by backward shift, so no tombstones). 16 to 32 bytes per entry. It
 * grows at 3/4 full and shrinks below 1/8. What {@link RefCounts} and the start-up payload sizes are kept in, for
 * stores of millions of messages.
 *
 * <p>Not thread-safe.
 */
final class LongIntTable {
    private static final long FREE = 0; // message ids start at 1
    private static final int MIN_CAPACITY = 16;

    private long[] ids = new long[MIN_CAPACITY];
    private int[] values = new int[MIN_CAPACITY];
    private int size;

    /** @return the value of {@code id}, or {@code absent} if it is not present */
    int get(long id, int absent) {
        int at = find(id);
        return at < 0 ? absent : values[at];
    }

    /** Adds {@code id} or replaces its value. */
    void put(long id, int value) {
        if (id == FREE) {
            throw new IllegalArgumentException("message id 0");
        }
        int at = slot(ids, id);
        if (ids[at] != id) {
            if ((size + 1) * 4L > ids.length * 3L) {
                resize(ids.length * 2);
                at = slot(ids, id);
            }
            ids[at] = id;
            size++;
        }
        values[at] = value;
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
