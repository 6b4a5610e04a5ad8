package dev.roost.testkit;

/**
 * Builds PUBACK, PUBREC, PUBREL or PUBCOMP bytes (3.4-3.7). With only a packet id it is the 3.1.1 form, which is
 * also the MQTT 5.0 short form meaning reason 0x00 (Remaining Length 2). Setting a reason code adds that byte;
 * adding a property adds the reason code (0x00 unless set) and the property section. Not thread-safe.
 */
public final class AckBuilder {
    private final int type;
    private final int packetId;
    private int fixedHeaderFlags;
    private Integer reasonCode;
    private final PropertyBlock properties = new PropertyBlock();

    AckBuilder(int type, int fixedHeaderFlags, int packetId) {
        this.type = type;
        this.fixedHeaderFlags = fixedHeaderFlags;
        this.packetId = packetId;
    }

    /** Sends this low nibble instead of the required one (0x02 for PUBREL, 0x00 otherwise). */
    public AckBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    /** An MQTT 5.0 reason code, always written when set, even 0x00. */
    public AckBuilder reasonCode(int code) {
        this.reasonCode = code;
        return this;
    }

    public AckBuilder reasonString(String reason) {
        properties.utf8(PropertyId.REASON_STRING, reason);
        return this;
    }

    public AckBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public AckBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public AckBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    public byte[] build() {
        ByteSink body = new ByteSink().u16(packetId);
        if (reasonCode != null || !properties.isEmpty()) {
            body.u8(reasonCode != null ? reasonCode : 0x00);
        }
        if (!properties.isEmpty()) {
            properties.writeTo(body);
        }
        return ByteSink.frame(type, fixedHeaderFlags, body.toByteArray());
    }
}
