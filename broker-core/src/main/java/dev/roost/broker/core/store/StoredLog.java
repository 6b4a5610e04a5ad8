package dev.roost.broker.core.store;

import java.util.Arrays;

/**
 * A session's stored outbound log as start-up sees it: references to its entries, not the entries. The sequences of
 * the in-flight entries (SENT or PUBREL_SENT), and the sequence and payload size of each queued entry, both in sequence
 * order. The broker keeps these and reads the entries with {@link SessionStore#loadOutbound} when it sends them, so a
 * queued message costs about 8 bytes of heap until then.
 *
 * <p>Immutable and thread-safe once built; a {@link Builder} is used by one thread.
 */
public final class StoredLog {
    /** A log without entries. */
    public static final StoredLog EMPTY = new StoredLog(new long[0], new long[0], new int[0]);

    private final long[] inflight;
    private final long[] queued;
    private final int[] queuedSizes;

    private StoredLog(long[] inflight, long[] queued, int[] queuedSizes) {
        this.inflight = inflight;
        this.queued = queued;
        this.queuedSizes = queuedSizes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inflightCount() {
        return inflight.length;
    }

    /** The sequence of the {@code i}-th in-flight entry, in sequence order. */
    public long inflightSequence(int i) {
        return inflight[i];
    }

    public int queuedCount() {
        return queued.length;
    }

    /** The sequence of the {@code i}-th queued entry, in sequence order. */
    public long queuedSequence(int i) {
        return queued[i];
    }

    /** The payload size in bytes of the {@code i}-th queued entry, for the session's byte limit. */
    public int queuedSize(int i) {
        return queuedSizes[i];
    }

    /** How many entries the log holds, in flight and queued. */
    public int size() {
        return inflight.length + queued.length;
    }

    /** The highest sequence in the log, or 0 if it is empty. */
    public long maxSequence() {
        long max = 0;
        for (long s : inflight) {
            max = Math.max(max, s);
        }
        for (long s : queued) {
            max = Math.max(max, s);
        }
        return max;
    }

    /** Every sequence, in-flight and queued, in sequence order: a fresh array. */
    public long[] sequences() {
        long[] all = new long[size()];
        int i = 0;
        int q = 0;
        int n = 0;
        while (i < inflight.length || q < queued.length) {
            if (q == queued.length || (i < inflight.length && inflight[i] < queued[q])) {
                all[n++] = inflight[i++];
            } else {
                all[n++] = queued[q++];
            }
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredLog other && Arrays.equals(inflight, other.inflight)
                && Arrays.equals(queued, other.queued) && Arrays.equals(queuedSizes, other.queuedSizes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(inflight) + Arrays.hashCode(queued)) + Arrays.hashCode(queuedSizes);
    }

    @Override
    public String toString() {
        return "StoredLog[inflight=" + Arrays.toString(inflight) + ", queued=" + Arrays.toString(queued)
                + ", sizes=" + Arrays.toString(queuedSizes) + "]";
    }

    /** Collects a log's references in sequence order, as a store reads them. Not thread-safe. */
    public static final class Builder {
        private long[] inflight = new long[0];
        private int inflightCount;
        private long[] queued = new long[0];
        private int[] sizes = new int[0];
        private int queuedCount;

        private Builder() {
        }

        /** Adds an in-flight entry; sequences must come in increasing order. */
        public Builder inflight(long sequence) {
            if (inflightCount == inflight.length) {
                inflight = Arrays.copyOf(inflight, Math.max(4, inflightCount * 2));
            }
            inflight[inflightCount++] = sequence;
            return this;
        }

        /** Adds a queued entry whose message payload has {@code size} bytes; sequences in increasing order. */
        public Builder queued(long sequence, int size) {
            if (queuedCount == queued.length) {
                int capacity = Math.max(4, queuedCount * 2);
                queued = Arrays.copyOf(queued, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
            }
            queued[queuedCount] = sequence;
            sizes[queuedCount++] = size;
            return this;
        }

        public StoredLog build() {
            if (inflightCount == 0 && queuedCount == 0) {
                return EMPTY;
            }
            return new StoredLog(Arrays.copyOf(inflight, inflightCount), Arrays.copyOf(queued, queuedCount),
                    Arrays.copyOf(sizes, queuedCount));
        }
    }
}
