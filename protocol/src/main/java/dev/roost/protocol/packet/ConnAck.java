package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** CONNACK (3.2). For 3.1.1 the codec maps {@code reasonCode} to a return code. */
public record ConnAck(boolean sessionPresent, ReasonCode reasonCode, ConnAckProperties properties) implements Packet {
    public ConnAck {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static ConnAck refused(ReasonCode reasonCode) {
        return new ConnAck(false, reasonCode, ConnAckProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
