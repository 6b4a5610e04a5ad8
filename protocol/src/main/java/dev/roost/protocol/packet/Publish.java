package dev.roost.protocol.packet;

import dev.roost.protocol.Qos;
import java.util.List;
import java.util.Objects;

/**
 * PUBLISH (3.3) as it is on the wire: packet id, DUP and topic alias are properties of this transmission, not of the
 * application message.
 *
 * @param topic the topic name; may be empty in 5.0 when a {@code topicAlias} stands for it
 * @param packetId 0 for QoS 0
 * @param topicAlias 0 when absent
 * @param subscriptionIdentifiers only on PUBLISH from server to client
 */
public record Publish(
        String topic,
        Qos qos,
        boolean retain,
        boolean dup,
        int packetId,
        byte[] payload,
        int topicAlias,
        List<Integer> subscriptionIdentifiers,
        MessageProperties properties) implements Packet {

    public Publish {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }

    /** A PUBLISH with no MQTT 5.0 extras. */
    public static Publish of(String topic, Qos qos, boolean retain, int packetId, byte[] payload) {
        return new Publish(topic, qos, retain, false, packetId, payload, 0, List.of(), MessageProperties.NONE);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }

    public Publish withDelivery(int newPacketId, boolean newDup, Qos newQos, boolean newRetain) {
        return new Publish(topic, newQos, newRetain, newDup, newPacketId, payload, topicAlias, subscriptionIdentifiers,
                properties);
    }

    public Publish withTopic(String newTopic, int newTopicAlias) {
        return new Publish(newTopic, qos, retain, dup, packetId, payload, newTopicAlias, subscriptionIdentifiers,
                properties);
    }

    public Publish withSubscriptionIdentifiers(List<Integer> ids) {
        return new Publish(topic, qos, retain, dup, packetId, payload, topicAlias, ids, properties);
    }

    public Publish withProperties(MessageProperties newProperties) {
        return new Publish(topic, qos, retain, dup, packetId, payload, topicAlias, subscriptionIdentifiers,
                newProperties);
    }
}
