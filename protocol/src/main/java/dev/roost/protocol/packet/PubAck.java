package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** PUBACK (3.4). */
public record PubAck(int packetId, ReasonCode reasonCode, ReasonProperties properties) implements Packet {
    public PubAck {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static PubAck of(int packetId) {
        return new PubAck(packetId, ReasonCode.SUCCESS, ReasonProperties.NONE);
    }

    public static PubAck of(int packetId, ReasonCode reasonCode) {
        return new PubAck(packetId, reasonCode, ReasonProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
