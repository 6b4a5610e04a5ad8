package dev.roost.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Builds SUBSCRIBE bytes (3.8). Defaults: MQTT 3.1.1 layout, packet id 1, fixed-header flags 0x02 [MQTT-3.8.1-1],
 * no filters (itself a protocol violation [MQTT-3.8.3-3], so add at least one for a valid packet). Filters and
 * properties are written in call order; properties need {@link #v5()}. Not thread-safe.
 */
public final class SubscribeBuilder {
    private boolean v5;
    private int packetId = 1;
    private int fixedHeaderFlags = 0x02;
    private final ByteSink filters = new ByteSink();
    private final PropertyBlock properties = new PropertyBlock();

    SubscribeBuilder() {
    }

    /** MQTT 5.0 layout: a property section follows the packet identifier. */
    public SubscribeBuilder v5() {
        this.v5 = true;
        return this;
    }

    public SubscribeBuilder packetId(int id) {
        this.packetId = id;
        return this;
    }

    /** Sends this low nibble instead of the required 0x02. */
    public SubscribeBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    /** A filter with only the QoS bits set in its options byte (all 3.1.1 allows). */
    public SubscribeBuilder filter(String filter, int qos) {
        return filterWithOptions(filter, qos & 0x03);
    }

    /** A filter with MQTT 5.0 Subscription Options (3.8.3.1); {@code retainHandling} 3 is malformed. */
    public SubscribeBuilder filter(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                   int retainHandling) {
        int options = (qos & 0x03) | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0)
                | (retainHandling & 0x03) << 4;
        return filterWithOptions(filter, options);
    }

    /** A filter with exactly this options byte, reserved bits included [MQTT-3.8.3-5]. */
    public SubscribeBuilder filterWithOptions(String filter, int options) {
        return filterBytes(filter.getBytes(StandardCharsets.UTF_8), options);
    }

    /** A filter from pre-encoded bytes (length prefix added), e.g. ill-formed UTF-8. */
    public SubscribeBuilder filterBytes(byte[] encodedFilter, int options) {
        filters.binary(encodedFilter).u8(options);
        return this;
    }

    public SubscribeBuilder subscriptionIdentifier(int id) {
        properties.varInt(PropertyId.SUBSCRIPTION_IDENTIFIER, id);
        return this;
    }

    public SubscribeBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public SubscribeBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public SubscribeBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        if (!v5 && !properties.isEmpty()) {
            throw new IllegalStateException("SUBSCRIBE properties need v5()");
        }
        ByteSink body = new ByteSink().u16(packetId);
        if (v5) {
            properties.writeTo(body);
        }
        body.bytes(filters.toByteArray());
        return ByteSink.frame(8, fixedHeaderFlags, body.toByteArray());
    }
}
