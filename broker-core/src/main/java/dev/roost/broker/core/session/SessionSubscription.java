package dev.roost.broker.core.session;

import dev.roost.protocol.packet.Subscription;

/**
 * A subscription held by a session, with the subscription identifier it was made with (0 for none).
 */
public record SessionSubscription(Subscription subscription, int subscriptionIdentifier) {
}
