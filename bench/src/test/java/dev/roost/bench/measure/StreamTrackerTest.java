package dev.roost.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTrackerTest {
    private final Deliveries deliveries = new Deliveries();
    private final List<Integer> firstDeliveries = new ArrayList<>();
    private final StreamTracker tracker = new StreamTracker(1_000, deliveries, firstDeliveries::add);

    @Test
    void countsDuplicatesAndReorderingPerStream() {
        receive(0, 0, 0, 2_000);
        receive(0, 2, 0, 2_000);
        receive(0, 1, 0, 2_000); // behind sequence 2 of its stream
        receive(0, 2, 0, 2_000); // again
        receive(1, 0, 0, 2_000); // another stream starts at 0: neither reordered nor a duplicate

        StreamTracker.Snapshot snap = tracker.snapshot();
        assertThat(snap.distinct()).isEqualTo(4);
        assertThat(snap.duplicated()).isEqualTo(1);
        assertThat(snap.outOfOrder()).isEqualTo(1);
        assertThat(deliveries.count()).isEqualTo(4);
        assertThat(firstDeliveries).containsExactly(0, 0, 0, 1);
    }

    @Test
    void recordsLatencyInMicrosecondsOnlyAfterTheWarmup() {
        receive(0, 0, 0, 999);          // before the warm-up ended
        receive(0, 1, 1_000, 51_000);   // 50 µs

        StreamTracker.Snapshot snap = tracker.snapshot();
        assertThat(snap.latencyMicros().getTotalCount()).isEqualTo(1);
        assertThat(snap.latencyMicros().getMaxValue()).isBetween(49L, 51L);
        assertThat(snap.lastDeliveryNanos()).isEqualTo(51_000);
    }

    @Test
    void countsPayloadsWithoutAStampAsForeign() {
        tracker.onPublish(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, "hello".getBytes()), 5_000);

        assertThat(tracker.snapshot().foreign()).isEqualTo(1);
        assertThat(deliveries.count()).isZero();
    }

    @Test
    void completesTheDeliveriesOnceTheExpectedNumberArrived() {
        deliveries.expect(2);
        receive(0, 0, 0, 2_000);
        assertThat(deliveries.complete()).isNotDone();
        receive(0, 0, 0, 2_000); // a duplicate does not count
        assertThat(deliveries.complete()).isNotDone();
        receive(0, 1, 0, 2_000);
        assertThat(deliveries.complete()).isDone();
    }

    private void receive(int stream, long sequence, long sentNanos, long receivedNanos) {
        tracker.onPublish(Publish.of("t", Qos.AT_LEAST_ONCE, false, 1, Stamp.payload(32, stream, sequence, sentNanos)),
                receivedNanos);
    }
}
