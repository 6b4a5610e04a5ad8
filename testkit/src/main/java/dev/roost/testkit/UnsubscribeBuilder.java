package dev.roost.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Builds UNSUBSCRIBE bytes (3.10). Defaults: MQTT 3.1.1 layout, packet id 1, fixed-header flags 0x02
 * [MQTT-3.10.1-1], no filters (a protocol violation [MQTT-3.10.3-2]). Properties need {@link #v5()}.
 * Not thread-safe.
 */
public final class UnsubscribeBuilder {
    private boolean v5;
    private int packetId = 1;
    private int fixedHeaderFlags = 0x02;
    private final ByteSink filters = new ByteSink();
    private final PropertyBlock properties = new PropertyBlock();

    UnsubscribeBuilder() {
    }

    /** MQTT 5.0 layout: a property section follows the packet identifier. */
    public UnsubscribeBuilder v5() {
        this.v5 = true;
        return this;
    }

    public UnsubscribeBuilder packetId(int id) {
        this.packetId = id;
        return this;
    }

    /** Sends this low nibble instead of the required 0x02. */
    public UnsubscribeBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    public UnsubscribeBuilder filter(String filter) {
        return filterBytes(filter.getBytes(StandardCharsets.UTF_8));
    }

    /** A filter from pre-encoded bytes (length prefix added), e.g. ill-formed UTF-8. */
    public UnsubscribeBuilder filterBytes(byte[] encodedFilter) {
        filters.binary(encodedFilter);
        return this;
    }

    public UnsubscribeBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public UnsubscribeBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public UnsubscribeBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        if (!v5 && !properties.isEmpty()) {
            throw new IllegalStateException("UNSUBSCRIBE properties need v5()");
        }
        ByteSink body = new ByteSink().u16(packetId);
        if (v5) {
            properties.writeTo(body);
        }
        body.bytes(filters.toByteArray());
        return ByteSink.frame(10, fixedHeaderFlags, body.toByteArray());
    }
}
