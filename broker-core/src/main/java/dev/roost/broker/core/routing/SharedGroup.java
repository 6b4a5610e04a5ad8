package dev.roost.broker.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription ({@code $share/{name}/{filter}}) at the node of its filter, and the turn
 * counter a fair {@link SharedSubscriberChoice} needs.
 *
 * <p>Threading: {@link #put} and {@link #remove} run under the node's monitor (see {@link TopicTrie}); {@link #choose}
 * runs lock-free on any thread and sees a consistent snapshot. Membership is copy-on-write: cheap for the few members
 * a group usually has, linear per change for very large groups.
 */
final class SharedGroup {
    /** Both lists in the same order; replaced as a whole. */
    private record Members(List<ClientSubscription> subscriptions, List<String> clientIds) {
        static final Members NONE = new Members(List.of(), List.of());
    }

    private final AtomicInteger turns = new AtomicInteger();
    private volatile Members members = Members.NONE;

    /** @return whether the client was not a member before; a member's subscription is replaced in place */
    boolean put(ClientSubscription subscription) {
        List<ClientSubscription> next = new ArrayList<>(members.subscriptions());
        int index = indexOf(subscription.clientId());
        if (index >= 0) {
            next.set(index, subscription);
        } else {
            next.add(subscription);
        }
        publish(next);
        return index < 0;
    }

    /** @return whether the client was a member */
    boolean remove(String clientId) {
        int index = indexOf(clientId);
        if (index < 0) {
            return false;
        }
        List<ClientSubscription> next = new ArrayList<>(members.subscriptions());
        next.remove(index);
        publish(next);
        return true;
    }

    boolean isEmpty() {
        return members.subscriptions().isEmpty();
    }

    /** @return the member that receives the next message, or {@code null} when the group has none */
    ClientSubscription choose(SharedSubscriberChoice choice) {
        Members snapshot = members;
        if (snapshot.subscriptions().isEmpty()) {
            return null;
        }
        int index = choice.choose(snapshot.clientIds(), turns.getAndIncrement());
        return snapshot.subscriptions().get(Objects.checkIndex(index, snapshot.subscriptions().size()));
    }

    private int indexOf(String clientId) {
        return members.clientIds().indexOf(clientId);
    }

    private void publish(List<ClientSubscription> next) {
        members = new Members(List.copyOf(next), next.stream().map(ClientSubscription::clientId).toList());
    }
}
