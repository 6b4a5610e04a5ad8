package dev.roost.broker.core.message;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message as it was published, independent of any transmission: no packet id, DUP flag or topic alias. Shared by
 * every session it is routed to. Immutable; the payload array is never mutated.
 *
 * @param publisherClientId the client that published it (for No Local), or the will's owner
 * @param expiresAt when the Message Expiry Interval ends; {@code null} if it never expires
 */
public record ApplicationMessage(
        String topic,
        byte[] payload,
        Qos qos,
        boolean retain,
        MessageProperties properties,
        String publisherClientId,
        Instant expiresAt) {

    public ApplicationMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(publisherClientId, "publisherClientId");
    }

    /** The message carried by a PUBLISH received at {@code now}; the expiry interval is turned into a deadline. */
    public static ApplicationMessage of(Publish publish, String topic, String publisherClientId, Instant now) {
        Long interval = publish.properties().messageExpiryIntervalSeconds();
        Instant expiresAt = interval == null ? null : now.plusSeconds(interval);
        return new ApplicationMessage(topic, publish.payload(), publish.qos(), publish.retain(), publish.properties(),
                publisherClientId, expiresAt);
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * The properties to send at {@code now}: the expiry interval becomes what is left of it [MQTT-3.3.2-6], at least 1 s
     * for a message whose delivery had already started before it expired.
     */
    public MessageProperties propertiesAt(Instant now) {
        if (expiresAt == null) {
            return properties;
        }
        long remaining = Math.max(1, (expiresAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
        return properties.withMessageExpiryIntervalSeconds(remaining);
    }

    /** The PUBLISH for one transmission of this message. */
    public Publish toPublish(Qos grantedQos, boolean retainFlag, int packetId, boolean dup,
                             List<Integer> subscriptionIdentifiers, Instant now) {
        return new Publish(topic, grantedQos, retainFlag, dup, packetId, payload, 0, subscriptionIdentifiers,
                propertiesAt(now));
    }
}
