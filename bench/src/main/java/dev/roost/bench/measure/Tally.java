package dev.roost.bench.measure;

/**
 * The correctness counters every scenario reports. Immutable.
 *
 * @param sent what the harness sent and expected to be delivered (messages, or connection attempts for the
 *     connection scenarios), counted once per expected delivery
 * @param received distinct deliveries (or successful exchanges)
 * @param lost expected but never received
 * @param duplicated received again after a first delivery of the same message
 * @param outOfOrder received after a later message of the same stream
 */
public record Tally(long sent, long received, long lost, long duplicated, long outOfOrder) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0);

    /** @return whether nothing was lost, duplicated or reordered */
    public boolean isClean() {
        return lost == 0 && duplicated == 0 && outOfOrder == 0;
    }

    public Tally plus(Tally o) {
        return new Tally(sent + o.sent, received + o.received, lost + o.lost, duplicated + o.duplicated,
                outOfOrder + o.outOfOrder);
    }
}
