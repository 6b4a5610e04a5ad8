package dev.roost.testkit;

/**
 * Builds SUBACK (3.9) or UNSUBACK (3.11) bytes, for scripting a broker in client tests: packet id, the property
 * section with {@link #v5()}, then one reason code per filter. A 3.1.1 UNSUBACK is the packet id alone (no codes).
 * Not thread-safe.
 */
public final class SubAckBuilder {
    private final int type;
    private final int packetId;
    private boolean v5;
    private int fixedHeaderFlags;
    private final ByteSink codes = new ByteSink();
    private final PropertyBlock properties = new PropertyBlock();

    SubAckBuilder(int type, int packetId) {
        this.type = type;
        this.packetId = packetId;
    }

    /** MQTT 5.0 layout: a property section follows the packet identifier. */
    public SubAckBuilder v5() {
        this.v5 = true;
        return this;
    }

    public SubAckBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    /** Appends return codes (3.1.1: 0x00-0x02 or 0x80) or reason codes (5.0). */
    public SubAckBuilder reasonCodes(int... values) {
        for (int value : values) {
            codes.u8(value);
        }
        return this;
    }

    public SubAckBuilder reasonString(String reason) {
        properties.utf8(PropertyId.REASON_STRING, reason);
        return this;
    }

    public SubAckBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public SubAckBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        if (!v5 && !properties.isEmpty()) {
            throw new IllegalStateException("SUBACK/UNSUBACK properties need v5()");
        }
        ByteSink body = new ByteSink().u16(packetId);
        if (v5) {
            properties.writeTo(body);
        }
        body.bytes(codes.toByteArray());
        return ByteSink.frame(type, fixedHeaderFlags, body.toByteArray());
    }
}
