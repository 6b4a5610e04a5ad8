package dev.roost.broker.core.routing;

import dev.roost.protocol.Qos;
import java.util.List;
import java.util.Objects;

/**
 * One client's share of a published message, the result of {@link SubscriptionTree#match}. Immutable.
 *
 * <p>All of a client's non-shared subscriptions that match one topic collapse into one delivery (3.3.4 allows one copy): its
 * QoS is the highest they granted [MQTT-3.3.4-2] (the sender still sends the minimum of this and the message's QoS), it
 * carries the identifier of every one of them that has one [MQTT-3.3.4-3], [MQTT-3.3.4-4], [MQTT-3.3.4-5], and it keeps
 * the RETAIN flag if any of them asked for Retain As Published. A delivery through a shared subscription is always a
 * delivery of its own.
 *
 * @param clientId the receiving client, never {@code null}
 * @param qos the maximum QoS the subscriptions granted, never {@code null}
 * @param retainAsPublished whether the RETAIN flag is forwarded as published (3.8.3.1)
 * @param subscriptionIdentifiers the non-zero identifiers of the matching subscriptions, in no significant order;
 *        immutable, never {@code null}
 */
public record Delivery(String clientId, Qos qos, boolean retainAsPublished, List<Integer> subscriptionIdentifiers) {
    public Delivery {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(qos, "qos");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }
}
