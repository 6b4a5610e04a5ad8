package dev.roost.broker.core.routing;

/**
 * What one {@link SubscriptionTree} node holds: the subscriptions whose filter ends there. A node with exactly one
 * plain subscription and no shared one (by far the most common: a device subscribed to a filter of its own) holds that
 * {@link ClientSubscription} itself, with no map around it; any other node with subscriptions holds a
 * {@link NodeSubscriptions}. A node without subscriptions holds {@code null} (and is pruned when it has no children).
 *
 * <p>Threading: a node's holder is read lock-free by {@link SubscriptionTree#match} and replaced, or a
 * {@link NodeSubscriptions} changed in place, only under the node's monitor (see {@link TopicTrie}).
 */
sealed interface NodeSubscribers permits ClientSubscription, NodeSubscriptions {
}
