package dev.roost.interop;

import java.util.Objects;

/**
 * A message as one client received it, reduced to what every client library reports: topic, payload (UTF-8), the
 * QoS it was delivered at and the RETAIN flag. Immutable.
 */
public record Delivery(String topic, String payload, int qos, boolean retained) {
    public Delivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /** A delivery of a live (non-retained) message. */
    public static Delivery live(String topic, String payload, int qos) {
        return new Delivery(topic, payload, qos, false);
    }

    /** A delivery of a retained message, as sent on subscribe. */
    public static Delivery retained(String topic, String payload, int qos) {
        return new Delivery(topic, payload, qos, true);
    }
}
