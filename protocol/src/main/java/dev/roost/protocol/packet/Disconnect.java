package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/**
 * DISCONNECT (3.14). For 3.1.1 only {@link ReasonCode#NORMAL_DISCONNECTION} exists; the codec writes no variable
 * header.
 *
 * @param sessionExpiryIntervalSeconds {@code null} when absent (the CONNECT's value stays)
 * @param serverReference {@code null} when absent
 */
public record Disconnect(ReasonCode reasonCode, Long sessionExpiryIntervalSeconds, String serverReference,
                         ReasonProperties properties) implements Packet {
    public static final Disconnect NORMAL = new Disconnect(ReasonCode.NORMAL_DISCONNECTION, null, null,
            ReasonProperties.NONE);

    public Disconnect {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static Disconnect of(ReasonCode reasonCode) {
        return new Disconnect(reasonCode, null, null, ReasonProperties.NONE);
    }

    public static Disconnect of(ReasonCode reasonCode, String reasonString) {
        return new Disconnect(reasonCode, null, null, ReasonProperties.reason(reasonString));
    }

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
