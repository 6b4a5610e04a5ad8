package dev.roost.store.rocksdb;

/**
 * The payload size of each stored message, by message id: what start-up needs to give every queued entry its size for
 * the session's byte limit without keeping any payload. An open-addressing table of primitives, 24 to 48 bytes per
 * message; {@link StartupScan} fills it, the first {@link SessionLoader} reads it and then it is dropped.
 *
 * <p>Not thread-safe: used by one thread at a time.
 */
final class PayloadSizes {
    private static final long FREE = 0; // message ids start at 1

    private long[] ids = new long[64];
    private int[] sizes = new int[64];
    private int count;

    void put(long id, int size) {
        if (id == FREE) {
            throw new IllegalArgumentException("message id 0");
        }
        if (count * 2 >= ids.length) {
            grow();
        }
        int at = slot(ids, id);
        if (ids[at] == FREE) {
            ids[at] = id;
            count++;
        }
        sizes[at] = size;
    }

    /** @return the size of message {@code id}, or -1 if it is not known */
    int get(long id) {
        int at = slot(ids, id);
        return ids[at] == id && id != FREE ? sizes[at] : -1;
    }

    int size() {
        return count;
    }

    private static int slot(long[] table, long id) {
        int mask = table.length - 1;
        int at = (int) (mix(id) & mask);
        while (table[at] != FREE && table[at] != id) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private void grow() {
        long[] oldIds = ids;
        int[] oldSizes = sizes;
        ids = new long[oldIds.length * 2];
        sizes = new int[oldIds.length * 2];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != FREE) {
                int at = slot(ids, oldIds[i]);
                ids[at] = oldIds[i];
                sizes[at] = oldSizes[i];
            }
        }
    }
}
