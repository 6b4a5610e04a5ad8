package dev.roost.testkit;

import java.util.Arrays;
import java.util.Objects;

/**
 * A received CONNECT decoded field by field (3.1), for a scripted broker or to check what a client sent. The layout
 * is MQTT 5.0 when the protocol level is 5, otherwise MQTT 3.1/3.1.1; fields whose flag is clear are {@code null}.
 * Immutable: arrays are copied in and out.
 *
 * @param properties the CONNECT properties; {@link RawProperties#EMPTY} before MQTT 5
 * @param willProperties the will properties; {@link RawProperties#EMPTY} without a will or before MQTT 5
 */
public record RawConnect(String protocolName, int protocolLevel, int connectFlags, int keepAlive,
                         RawProperties properties, String clientId, RawProperties willProperties, String willTopic,
                         byte[] willPayload, String username, byte[] password) {

    public RawConnect {
        willPayload = willPayload == null ? null : willPayload.clone();
        password = password == null ? null : password.clone();
    }

    static RawConnect read(WireReader in) {
        String protocolName = in.utf8();
        int level = in.u8();
        int flags = in.u8();
        int keepAlive = in.u16();
        boolean v5 = level == 5;
        RawProperties properties = v5 ? in.properties() : RawProperties.EMPTY;
        String clientId = in.utf8();
        RawProperties willProperties = RawProperties.EMPTY;
        String willTopic = null;
        byte[] willPayload = null;
        if ((flags & 0x04) != 0) {
            willProperties = v5 ? in.properties() : RawProperties.EMPTY;
            willTopic = in.utf8();
            willPayload = in.binary();
        }
        String username = (flags & 0x80) != 0 ? in.utf8() : null;
        byte[] password = (flags & 0x40) != 0 ? in.binary() : null;
        in.expectEnd();
        return new RawConnect(protocolName, level, flags, keepAlive, properties, clientId, willProperties, willTopic,
                willPayload, username, password);
    }

    @Override
    public byte[] willPayload() {
        return willPayload == null ? null : willPayload.clone();
    }

    @Override
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    public boolean isV5() {
        return protocolLevel == 5;
    }

    /** Bit 0 of the Connect Flags, which must be 0 [MQTT-3.1.2-3]. */
    public boolean reservedFlag() {
        return (connectFlags & 0x01) != 0;
    }

    /** Clean Start (5.0) or Clean Session (3.1.1). */
    public boolean cleanStart() {
        return (connectFlags & 0x02) != 0;
    }

    public boolean hasWill() {
        return (connectFlags & 0x04) != 0;
    }

    public int willQos() {
        return (connectFlags >>> 3) & 0x03;
    }

    public boolean willRetain() {
        return (connectFlags & 0x20) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawConnect other && protocolName.equals(other.protocolName)
                && protocolLevel == other.protocolLevel && connectFlags == other.connectFlags
                && keepAlive == other.keepAlive && properties.equals(other.properties)
                && clientId.equals(other.clientId) && willProperties.equals(other.willProperties)
                && Objects.equals(willTopic, other.willTopic) && Arrays.equals(willPayload, other.willPayload)
                && Objects.equals(username, other.username) && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolName, protocolLevel, connectFlags, keepAlive, properties, clientId, willProperties,
                willTopic, Arrays.hashCode(willPayload), username, Arrays.hashCode(password));
    }

    @Override
    public String toString() {
        return "CONNECT{" + protocolName + " level " + protocolLevel + String.format(", flags 0x%02x", connectFlags)
                + ", keepAlive " + keepAlive + ", clientId '" + clientId + "', properties " + properties
                + (hasWill() ? ", will '" + willTopic + "' " + Hex.of(willPayload) + " " + willProperties : "")
                + (username != null ? ", username '" + username + "'" : "")
                + (password != null ? ", password " + Hex.of(password) : "") + "}";
    }
}
