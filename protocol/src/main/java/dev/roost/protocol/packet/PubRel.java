package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** PUBREL (3.6). */
public record PubRel(int packetId, ReasonCode reasonCode, ReasonProperties properties) implements Packet {
    public PubRel {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static PubRel of(int packetId) {
        return new PubRel(packetId, ReasonCode.SUCCESS, ReasonProperties.NONE);
    }

    public static PubRel of(int packetId, ReasonCode reasonCode) {
        return new PubRel(packetId, reasonCode, ReasonProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
