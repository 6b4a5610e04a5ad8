package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** PUBREC (3.5). */
public record PubRec(int packetId, ReasonCode reasonCode, ReasonProperties properties) implements Packet {
    public PubRec {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    public static PubRec of(int packetId) {
        return new PubRec(packetId, ReasonCode.SUCCESS, ReasonProperties.NONE);
    }

    public static PubRec of(int packetId, ReasonCode reasonCode) {
        return new PubRec(packetId, reasonCode, ReasonProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
