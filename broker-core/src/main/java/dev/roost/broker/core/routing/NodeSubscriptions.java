package dev.roost.broker.core.routing;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions whose filter ends at one {@link TopicTrie} node: plain ones by client id and shared groups by
 * ShareName.
 *
 * <p>Threading: changed only under the node's monitor, read lock-free by {@link SubscriptionTree#match}.
 */
final class NodeSubscriptions {
    final ConcurrentHashMap<String, ClientSubscription> byClientId = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, SharedGroup> sharedByName = new ConcurrentHashMap<>();

    boolean isEmpty() {
        return byClientId.isEmpty() && sharedByName.isEmpty();
    }

    void put(String shareName, ClientSubscription subscription) {
        if (shareName == null) {
            byClientId.put(subscription.clientId(), subscription);
        } else {
            sharedByName.computeIfAbsent(shareName, name -> new SharedGroup()).put(subscription);
        }
    }

    boolean remove(String shareName, String clientId) {
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
}
