package dev.roost.bench.measure;

import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of a latency histogram, in microseconds. Immutable.
 *
 * @param count how many deliveries were recorded
 */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max, double mean) {

    public static LatencySummary of(AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(), micros.getValueAtPercentile(50),
                micros.getValueAtPercentile(90), micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9),
                micros.getMaxValue(), micros.getMean());
    }
}
