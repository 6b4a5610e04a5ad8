package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** PUBCOMP (3.7). */
public record PubComp(int packetId, ReasonCode reasonCode, ReasonProperties properties) implements Packet {
    public PubComp {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static PubComp of(int packetId) {
        return new PubComp(packetId, ReasonCode.SUCCESS, ReasonProperties.NONE);
    }

    public static PubComp of(int packetId, ReasonCode reasonCode) {
        return new PubComp(packetId, reasonCode, ReasonProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
