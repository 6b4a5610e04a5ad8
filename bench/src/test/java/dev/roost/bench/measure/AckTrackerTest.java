package dev.roost.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AckTrackerTest {
    @Test
    void recordsPublishToAcknowledgementInMicrosecondsForPublishesSentAfterTheWarmup() {
        AckTracker tracker = new AckTracker(1_000_000);

        tracker.onAcknowledged(999_999, 5_000_000);     // sent during the warm-up
        tracker.onAcknowledged(1_000_000, 1_250_000);   // 250 µs
        tracker.onAcknowledged(2_000_000, 4_000_000);   // 2,000 µs

        Histogram h = tracker.snapshot();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isBetween(249L, 251L);
        assertThat(h.getMaxValue()).isBetween(1_999L, 2_001L);
    }

    @Test
    void theSnapshotIsACopyThatLaterAcknowledgementsDoNotChange() {
        AckTracker tracker = new AckTracker(0);
        tracker.onAcknowledged(0, 10_000);
        Histogram before = tracker.snapshot();

        tracker.onAcknowledged(0, 20_000);

        assertThat(before.getTotalCount()).isEqualTo(1);
        assertThat(tracker.snapshot().getTotalCount()).isEqualTo(2);
    }
}
