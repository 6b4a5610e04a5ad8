package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.List;
import java.util.Objects;

/** UNSUBACK (3.11). 3.1.1 has no reason codes; the codec drops them. */
public record UnsubAck(int packetId, List<ReasonCode> reasonCodes, ReasonProperties properties) implements Packet {
    public UnsubAck {
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
