package dev.roost.protocol.packet;

import dev.roost.protocol.MqttVersion;
import java.util.Objects;

/**
 * CONNECT (3.1). For 3.1.1, {@code cleanStart} carries the Clean Session flag.
 *
 * @param username {@code null} when the User Name Flag is 0
 * @param password {@code null} when the Password Flag is 0
 * @param will {@code null} when the Will Flag is 0
 */
public record Connect(
        MqttVersion version,
        String clientId,
        boolean cleanStart,
        int keepAliveSeconds,
        String username,
        byte[] password,
        Will will,
        ConnectProperties properties) implements Packet {

    public Connect {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }

    public boolean hasWill() {
        return will != null;
    }
}
