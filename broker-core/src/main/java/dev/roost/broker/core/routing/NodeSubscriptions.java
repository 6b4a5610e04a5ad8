package dev.roost.broker.core.routing;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions whose filter ends at one {@link TopicTrie} node when there is more than one plain subscription or
 * any shared one: plain ones by client id and shared groups by ShareName. The static methods move a node between its
 * forms (see {@link NodeSubscribers}): {@code null}, one {@link ClientSubscription}, a {@code NodeSubscriptions}.
 *
 * <p>Threading: changed only under the node's monitor, read lock-free by {@link SubscriptionTree#match}. A change of
 * form publishes a holder that already contains everything the node keeps, so a reader sees the node before or after
 * the change, never without a subscription the change did not touch.
 */
final class NodeSubscriptions implements NodeSubscribers {
    final ConcurrentHashMap<String, ClientSubscription> byClientId = new ConcurrentHashMap<>(2);
    final ConcurrentHashMap<String, SharedGroup> sharedByName = new ConcurrentHashMap<>(1);

    private NodeSubscriptions() {
    }

    /**
     * Adds the client's subscription to {@code node}, replacing the client's previous one there; under the node's
     * monitor.
     *
     * @param shareName the ShareName of a shared subscription, {@code null} for a plain one
     */
    static void put(TopicTrie.Node<NodeSubscribers> node, String shareName, ClientSubscription subscription) {
        NodeSubscribers current = node.payload();
        if (current instanceof NodeSubscriptions many) {
            many.add(shareName, subscription);
        } else if (shareName == null
                && (current == null || ((ClientSubscription) current).clientId().equals(subscription.clientId()))) {
            node.payload(subscription);
        } else {
            NodeSubscriptions many = new NodeSubscriptions();
            if (current != null) {
                many.add(null, (ClientSubscription) current);
            }
            many.add(shareName, subscription);
            node.payload(many);
        }
    }

    /**
     * Removes the client's subscription from {@code node}; under the node's monitor.
     *
     * @param shareName as for {@link #put}
     * @return whether the client had that subscription
     */
    static boolean remove(TopicTrie.Node<NodeSubscribers> node, String shareName, String clientId) {
        NodeSubscribers current = node.payload();
        if (current instanceof ClientSubscription only) {
            if (shareName != null || !only.clientId().equals(clientId)) {
                return false;
            }
            node.payload(null);
            return true;
        }
        if (current == null) {
            return false;
        }
        NodeSubscriptions many = (NodeSubscriptions) current;
        if (!many.remove(shareName, clientId)) {
            return false;
        }
        node.payload(many.compacted());
        return true;
    }

    private void add(String shareName, ClientSubscription subscription) {
        if (shareName == null) {
            byClientId.put(subscription.clientId(), subscription);
        } else {
            sharedByName.computeIfAbsent(shareName, name -> new SharedGroup()).put(subscription);
        }
    }

    private boolean remove(String shareName, String clientId) {
        if (shareName == null) {
            return byClientId.remove(clientId) != null;
        }
        SharedGroup group = sharedByName.get(shareName);
        if (group == null || !group.remove(clientId)) {
            return false;
        }
        if (group.isEmpty()) {
            sharedByName.remove(shareName, group);
        }
        return true;
    }

    /** @return the smallest form that holds what this holds: {@code null}, the one plain subscription, or this */
    private NodeSubscribers compacted() {
        if (!sharedByName.isEmpty() || byClientId.size() > 1) {
            return this;
        }
        return byClientId.isEmpty() ? null : byClientId.values().iterator().next();
    }
}
