package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.List;
import java.util.Objects;

/** SUBACK (3.9): one reason code per filter, in order. For 3.1.1 any error becomes the failure code 0x80. */
public record SubAck(int packetId, List<ReasonCode> reasonCodes, ReasonProperties properties) implements Packet {
    public SubAck {
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
