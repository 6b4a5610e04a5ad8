package dev.roost.testkit;

/**
 * Builds AUTH bytes (3.15, MQTT 5.0 only). With nothing set it is {@code F0 00} (Success, short form). Setting a
 * reason code adds that byte; adding a property adds the reason code (0x00 unless set) and the property section.
 * Not thread-safe.
 */
public final class AuthBuilder {
    private int fixedHeaderFlags;
    private Integer reasonCode;
    private final PropertyBlock properties = new PropertyBlock();

    AuthBuilder() {
    }

    public AuthBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    /** 0x00 Success, 0x18 Continue authentication, 0x19 Re-authenticate; always written when set. */
    public AuthBuilder reasonCode(int code) {
        this.reasonCode = code;
        return this;
    }

    public AuthBuilder authenticationMethod(String method) {
        properties.utf8(PropertyId.AUTHENTICATION_METHOD, method);
        return this;
    }

    public AuthBuilder authenticationData(byte[] data) {
        properties.binary(PropertyId.AUTHENTICATION_DATA, data);
        return this;
    }

    public AuthBuilder reasonString(String reason) {
        properties.utf8(PropertyId.REASON_STRING, reason);
        return this;
    }

    public AuthBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public AuthBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public byte[] build() {
        return ReasonAndProperties.frame(15, fixedHeaderFlags, reasonCode, properties);
    }
}
