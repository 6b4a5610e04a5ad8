package dev.roost.protocol.packet;

import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/** AUTH (3.15), MQTT 5.0 only. */
public record Auth(ReasonCode reasonCode, String authenticationMethod, byte[] authenticationData,
                   ReasonProperties properties) implements Packet {
    public Auth {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }
}
