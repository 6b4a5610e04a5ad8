package dev.roost.protocol;

/** Quality of service of a PUBLISH or a subscription. */
public enum Qos {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    public int value() {
        return ordinal();
    }

    public static Qos of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + value);
        }
        return values()[value];
    }

    public Qos min(Qos other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public Qos max(Qos other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
