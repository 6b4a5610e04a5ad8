package dev.roost.broker.core.routing;

import dev.roost.protocol.packet.Subscription;
import java.util.Objects;

/**
 * One subscription of one client as the {@link SubscriptionTree} holds it. Immutable. (It is also what a tree node
 * with just this one subscription holds, without a wrapper: a package-private detail.)
 *
 * @param clientId never {@code null}
 * @param subscription the filter exactly as the client sent it (a shared one keeps its {@code $share/group/} prefix)
 *        and the options with the QoS the server granted; never {@code null}
 * @param subscriptionIdentifier the MQTT 5.0 Subscription Identifier (3.8.2.1.2), {@code 0} when absent
 */
public record ClientSubscription(String clientId, Subscription subscription, int subscriptionIdentifier)
        implements NodeSubscribers {
    public ClientSubscription {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subscription, "subscription");
        if (subscriptionIdentifier < 0) {
            throw new IllegalArgumentException("subscription identifier must not be negative: " + subscriptionIdentifier);
        }
    }
}
