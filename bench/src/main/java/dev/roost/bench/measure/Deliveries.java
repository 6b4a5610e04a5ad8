package dev.roost.bench.measure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts distinct deliveries across all receivers of a run and completes a future once the expected number arrived,
 * so the run can wait for its tail without polling. The expectation is set once the senders have stopped and know how
 * much they sent.
 *
 * <p>Thread-safe: receivers call {@link #delivered()} from their event loops.
 */
public final class Deliveries {
    private final AtomicLong count = new AtomicLong();
    private final CompletableFuture<Void> complete = new CompletableFuture<>();
    private volatile long expected = Long.MAX_VALUE;

    /** Counts one distinct delivery. */
    public void delivered() {
        if (count.incrementAndGet() >= expected) {
            complete.complete(null);
        }
    }

    /** Sets how many distinct deliveries make the run complete. */
    public void expect(long total) {
        expected = total;
        if (count.get() >= total) {
            complete.complete(null);
        }
    }

    /** @return distinct deliveries so far */
    public long count() {
        return count.get();
    }

    /** Completes when the expected number has been delivered. */
    public CompletableFuture<Void> complete() {
        return complete;
    }
}
