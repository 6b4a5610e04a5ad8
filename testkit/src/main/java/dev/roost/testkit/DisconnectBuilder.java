package dev.roost.testkit;

/**
 * Builds DISCONNECT bytes (3.14). With nothing set it is {@code E0 00}: the 3.1.1 packet and the MQTT 5.0 short
 * form of Normal disconnection. Setting a reason code adds that byte; adding a property adds the reason code (0x00
 * unless set) and the property section. Not thread-safe.
 */
public final class DisconnectBuilder {
    private int fixedHeaderFlags;
    private Integer reasonCode;
    private final PropertyBlock properties = new PropertyBlock();

    DisconnectBuilder() {
    }

    public DisconnectBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    /** An MQTT 5.0 reason code, always written when set, even 0x00. */
    public DisconnectBuilder reasonCode(int code) {
        this.reasonCode = code;
        return this;
    }

    public DisconnectBuilder sessionExpiry(long seconds) {
        properties.u32(PropertyId.SESSION_EXPIRY_INTERVAL, seconds);
        return this;
    }

    public DisconnectBuilder reasonString(String reason) {
        properties.utf8(PropertyId.REASON_STRING, reason);
        return this;
    }

    public DisconnectBuilder serverReference(String reference) {
        properties.utf8(PropertyId.SERVER_REFERENCE, reference);
        return this;
    }

    public DisconnectBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public DisconnectBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public DisconnectBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    public byte[] build() {
        return ReasonAndProperties.frame(14, fixedHeaderFlags, reasonCode, properties);
    }
}
