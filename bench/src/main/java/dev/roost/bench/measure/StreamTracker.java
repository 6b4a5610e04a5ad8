package dev.roost.bench.measure;

import dev.roost.bench.load.InboundListener;
import dev.roost.protocol.packet.Publish;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One receiver's view of the streams it gets: which sequences of each stream arrived (to count duplicates and
 * reordering), and the latency of each delivery from its {@link Stamp}.
 *
 * <p>Threading: confined to the receiving client's event loop, which calls {@link #onPublish}; take the
 * {@link #snapshot()} on that loop, or once nothing more can arrive.
 */
public final class StreamTracker implements InboundListener {
    private final Map<Integer, StreamState> streams = new HashMap<>();
    private final IntCountsHistogram latencyMicros = new IntCountsHistogram(3);
    private final long recordLatencyFromNanos;
    private final Deliveries deliveries;
    private final IntConsumer onFirstDelivery;
    private long duplicated;
    private long outOfOrder;
    private long foreign;
    private long lastDeliveryNanos;

    private static final class StreamState {
        final BitSet seen = new BitSet();
        long highest = -1;
        long distinct;
    }

    /**
     * @param recordLatencyFromNanos deliveries before this reading are counted but their latency is not recorded
     *     (a warm-up)
     * @param deliveries counts every first delivery, across receivers
     * @param onFirstDelivery called with the stream id of every first delivery, on this event loop (a closed-loop
     *     publisher waits for it); must not block
     */
    public StreamTracker(long recordLatencyFromNanos, Deliveries deliveries, IntConsumer onFirstDelivery) {
        this.recordLatencyFromNanos = recordLatencyFromNanos;
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.onFirstDelivery = Objects.requireNonNull(onFirstDelivery, "onFirstDelivery");
    }

    @Override
    public void onPublish(Publish publish, long receivedNanos) {
        byte[] payload = publish.payload();
        if (!Stamp.isStamped(payload)) {
            foreign++;
            return;
        }
        int stream = Stamp.stream(payload);
        long sequence = Stamp.sequence(payload);
        StreamState state = streams.computeIfAbsent(stream, s -> new StreamState());
        if (sequence < 0 || sequence > Integer.MAX_VALUE) {
            foreign++;
            return;
        }
        if (state.seen.get((int) sequence)) {
            duplicated++;
        } else {
            state.seen.set((int) sequence);
            state.distinct++;
            if (sequence < state.highest) {
                outOfOrder++;
            } else {
                state.highest = sequence;
            }
            lastDeliveryNanos = receivedNanos;
            deliveries.delivered();
            onFirstDelivery.accept(stream);
        }
        if (receivedNanos - recordLatencyFromNanos >= 0) {
            long micros = Math.max(0, (receivedNanos - Stamp.sentNanos(payload)) / 1_000);
            latencyMicros.recordValue(micros);
        }
    }

    /** @return what this receiver saw so far; the histogram is a copy */
    public Snapshot snapshot() {
        long distinct = 0;
        for (StreamState s : streams.values()) {
            distinct += s.distinct;
        }
        Histogram copy = new Histogram(3);
        copy.add(latencyMicros);
        return new Snapshot(distinct, duplicated, outOfOrder, foreign, lastDeliveryNanos, copy);
    }

    /**
     * What one receiver saw.
     *
     * @param distinct first deliveries, over all streams
     * @param foreign payloads without a stamp of ours (another client's traffic on the same broker)
     * @param lastDeliveryNanos NanoClock reading of the last first delivery; 0 if none
     * @param latencyMicros owned by the caller
     */
    public record Snapshot(long distinct, long duplicated, long outOfOrder, long foreign, long lastDeliveryNanos,
                           Histogram latencyMicros) {
    }
}
