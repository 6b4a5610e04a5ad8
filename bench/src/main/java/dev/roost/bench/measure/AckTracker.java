package dev.roost.bench.measure;

import dev.roost.bench.load.AckListener;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One publisher's publish-to-acknowledgement latency (PUBLISH written to PUBACK read for QoS 1, to PUBCOMP for QoS 2),
 * in microseconds, for the publishes sent after a warm-up. With a durable store this is the time the broker takes to
 * make the message safe: the figure that {@code sync} versus {@code none} changes.
 *
 * <p>Threading: confined to the publishing client's event loop, which calls {@link #onAcknowledged}; take the
 * {@link #snapshot()} on that loop, or once nothing more can arrive.
 */
public final class AckTracker implements AckListener {
    private final IntCountsHistogram micros = new IntCountsHistogram(3);
    private final long recordFromNanos;

    /** @param recordFromNanos publishes sent before this reading are not recorded (a warm-up) */
    public AckTracker(long recordFromNanos) {
        this.recordFromNanos = recordFromNanos;
    }

    @Override
    public void onAcknowledged(long sentNanos, long ackedNanos) {
        if (sentNanos - recordFromNanos >= 0) {
            micros.recordValue(Math.max(0, (ackedNanos - sentNanos) / 1_000));
        }
    }

    /** @return a copy of the histogram, in microseconds, owned by the caller */
    public Histogram snapshot() {
        Histogram copy = new Histogram(3);
        copy.add(micros);
        return copy;
    }
}
