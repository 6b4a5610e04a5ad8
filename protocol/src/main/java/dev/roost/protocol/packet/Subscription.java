package dev.roost.protocol.packet;

import dev.roost.protocol.Qos;
import java.util.Objects;

/**
 * One topic filter of a SUBSCRIBE with its options (3.8.3.1).
 *
 * @param retainHandling 0 send retained at subscribe, 1 only if the subscription is new, 2 never
 */
public record Subscription(String filter, Qos qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
    public Subscription {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(qos, "qos");
    }

    public static Subscription of(String filter, Qos qos) {
        return new Subscription(filter, qos, false, false, 0);
    }
}
