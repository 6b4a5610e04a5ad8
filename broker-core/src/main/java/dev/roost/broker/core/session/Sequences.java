package dev.roost.broker.core.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out outbound log sequences, unique and increasing across the whole broker, so that any lane may create a log
 * entry for any session (a publisher's lane writes a fan-out before its acknowledgement). Entries from one publisher
 * reach a session in increasing order. Thread-safe.
 */
public final class Sequences {
    private final AtomicLong next = new AtomicLong(1);

    public long next() {
        return next.getAndIncrement();
    }

    /** Makes every later sequence greater than {@code used}; for start-up, after the logs were loaded. */
    public void advancePast(long used) {
        next.accumulateAndGet(used + 1, Math::max);
    }
}
