package dev.roost.store.rocksdb;

/**
 * Reference counts of stored messages by message id, with a "stored" flag each, in a {@link LongIntTable}: no object
 * per message. An id is present while its count is at least 1.
 *
 * <p>Not thread-safe: {@link MessageRefs} guards each instance with its monitor.
 */
final class RefCounts {
    private static final int STORED = 0x8000_0000;
    private static final int COUNT = 0x7FFF_FFFF;
    /** The count in the low 31 bits, {@link #STORED} in the sign bit; a present id's value is never 0. */
    private final LongIntTable values = new LongIntTable();

    /** @return the count of {@code id}, 0 if it is not present */
    int count(long id) {
        return values.get(id, 0) & COUNT;
    }

    /** @return whether {@code id} is present and its payload stored */
    boolean isStored(long id) {
        return (values.get(id, 0) & STORED) != 0;
    }

    /** Adds {@code id}, which must not be present, with {@code count} (at least 1). */
    void insert(long id, int count, boolean stored) {
        if (id == 0) {
            throw new IllegalArgumentException("message id 0");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " for message " + id);
        }
        if (values.get(id, 0) != 0) {
            throw new IllegalStateException("message " + id + " is counted already");
        }
        values.put(id, count | (stored ? STORED : 0));
    }

    /**
     * Adds {@code n} (which may be negative) to the count of {@code id} if it is present; the result must stay at
     * least 1 (use {@link #remove} for 0).
     *
     * @return whether {@code id} was present
     */
    boolean add(long id, int n) {
        int value = values.get(id, 0);
        if (value == 0) {
            return false;
        }
        long count = (value & COUNT) + (long) n;
        if (count < 1 || count > COUNT) {
            throw new IllegalStateException("count of message " + id + " out of range: " + count);
        }
        values.put(id, (value & STORED) | (int) count);
        return true;
    }

    /** Marks the payload of {@code id} stored, if it is present. */
    void markStored(long id) {
        int value = values.get(id, 0);
        if (value != 0) {
            values.put(id, value | STORED);
        }
    }

    /** Removes {@code id} if it is present. */
    void remove(long id) {
        values.remove(id);
    }

    int size() {
        return values.size();
    }

    /** Forgets every id. */
    void clear() {
        values.clear();
    }
}
