package dev.roost.bench.load;

/**
 * Told when the broker completes one of a {@link LoadClient}'s QoS 1/2 publishes: PUBACK for QoS 1, PUBCOMP (or an
 * error PUBREC) for QoS 2. Called on the client's event loop, once per exchange; it must not block.
 */
@FunctionalInterface
public interface AckListener {
    AckListener IGNORE = (sentNanos, ackedNanos) -> { };

    /**
     * @param sentNanos {@link NanoClock} reading when the PUBLISH was written
     * @param ackedNanos {@link NanoClock} reading when its acknowledgement was read
     */
    void onAcknowledged(long sentNanos, long ackedNanos);
}
