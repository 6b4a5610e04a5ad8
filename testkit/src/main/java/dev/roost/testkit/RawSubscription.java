package dev.roost.testkit;

/**
 * One topic filter of a received SUBSCRIBE with its raw Subscription Options byte (3.8.3.1). Immutable.
 *
 * @param filter the topic filter, never {@code null}
 * @param options the options byte as sent; in MQTT 3.1.1 only the QoS bits are defined
 */
public record RawSubscription(String filter, int options) {
    public int qos() {
        return options & 0x03;
    }

    public boolean noLocal() {
        return (options & 0x04) != 0;
    }

    public boolean retainAsPublished() {
        return (options & 0x08) != 0;
    }

    public int retainHandling() {
        return (options >>> 4) & 0x03;
    }
}
