package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.List;

/** UNSUBSCRIBE (3.10). */
public record Unsubscribe(int packetId, List<String> filters, List<UserProperty> userProperties) implements Packet {
    public Unsubscribe {
        filters = List.copyOf(filters);
        userProperties = List.copyOf(userProperties);
    }

    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
