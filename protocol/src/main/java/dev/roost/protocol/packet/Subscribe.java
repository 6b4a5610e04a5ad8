package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.List;

/**
 * SUBSCRIBE (3.8).
 *
 * @param subscriptionIdentifier 0 when absent
 */
public record Subscribe(int packetId, List<Subscription> subscriptions, int subscriptionIdentifier,
                        List<UserProperty> userProperties) implements Packet {
    public Subscribe {
        subscriptions = List.copyOf(subscriptions);
        userProperties = List.copyOf(userProperties);
    }

    public static Subscribe of(int packetId, Subscription... subscriptions) {
        return new Subscribe(packetId, List.of(subscriptions), 0, List.of());
    }

    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
