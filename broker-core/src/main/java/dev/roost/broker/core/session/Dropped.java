package dev.roost.broker.core.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link OutboundLog#enqueue} dropped to respect the session's queue limits, oldest first: entries that were on
 * the heap, and the sequences of spilled entries, which are only in the store. The caller deletes both from the store
 * and counts them.
 *
 * <p>Not thread-safe: built and read on the session's lane.
 */
public final class Dropped {
    /** Nothing was dropped. */
    public static final Dropped NONE = new Dropped();

    private final List<OutboundEntry> entries = new ArrayList<>(0);
    private long[] spilled = new long[0];

    private Dropped() {
    }

    static Dropped of(OutboundEntry entry) {
        Dropped d = new Dropped();
        d.entries.add(entry);
        return d;
    }

    /** Adds to {@code d}, or to a new instance if {@code d} is {@link #NONE}; returns the one added to. */
    static Dropped add(Dropped d, OutboundEntry entry) {
        Dropped to = d == NONE ? new Dropped() : d;
        to.entries.add(entry);
        return to;
    }

    static Dropped addSpilled(Dropped d, long sequence) {
        Dropped to = d == NONE ? new Dropped() : d;
        to.spilled = Arrays.copyOf(to.spilled, to.spilled.length + 1);
        to.spilled[to.spilled.length - 1] = sequence;
        return to;
    }

    /** Dropped entries that were on the heap, oldest first. */
    public List<OutboundEntry> entries() {
        return List.copyOf(entries);
    }

    /** Sequences of dropped entries that were spilled to the store, oldest first: a fresh array. */
    public long[] spilled() {
        return spilled.clone();
    }

    /** Whether {@code entry} itself (by identity) was dropped. */
    public boolean contains(OutboundEntry entry) {
        for (OutboundEntry e : entries) {
            if (e == entry) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty() && spilled.length == 0;
    }

    @Override
    public String toString() {
        return "Dropped[entries=" + entries + ", spilled=" + Arrays.toString(spilled) + "]";
    }
}
