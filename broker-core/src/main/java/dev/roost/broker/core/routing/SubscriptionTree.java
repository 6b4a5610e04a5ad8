package dev.roost.broker.core.routing;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.topic.SharedFilter;
import dev.roost.protocol.topic.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every client's subscriptions, arranged as a trie of topic levels so that a topic name finds its subscribers in time
 * proportional to the trie nodes it can match, not to the number of subscriptions.
 *
 * <p>Threading: all methods are safe to call from any thread. {@link #match} takes no lock (many publisher threads
 * call it at once); it sees every subscribe and unsubscribe that completed before it started and may or may not see
 * those that run meanwhile. Changes to one client's subscriptions are serialised per client; changes for different
 * clients run in parallel, locking only the trie nodes they touch (see {@link TopicTrie}). Empty nodes are pruned, so
 * the trie does not keep the shape of every filter ever subscribed.
 *
 * <p>Shared subscriptions ({@code $share/{ShareName}/{filter}}, 4.8.2) are stored with their filter's node; for every
 * shared subscription that matches a topic exactly one member gets a delivery, picked by the
 * {@link SharedSubscriberChoice}. That delivery is a {@link Delivery} of its own even when the same client also has a
 * plain subscription that matches, so such a client gets two copies; the spec allows it, as each subscription is
 * honoured independently. A filter that starts with {@code $share/} is treated as shared whatever the client's protocol
 * version.
 *
 * <p>Arguments are never {@code null} unless a method says otherwise.
 */
public final class SubscriptionTree {
    private final SharedSubscriberChoice sharedChoice;
    private final TopicTrie<NodeSubscriptions> trie = new TopicTrie<>(NodeSubscriptions::new, NodeSubscriptions::isEmpty);
    /** Client id → filter as sent → subscription. The per-client serialisation is this map's {@code compute}. */
    private final ConcurrentHashMap<String, Map<String, ClientSubscription>> byClient = new ConcurrentHashMap<>();

    /** @param sharedChoice picks the member of a shared subscription that receives a message */
    public SubscriptionTree(SharedSubscriberChoice sharedChoice) {
        this.sharedChoice = Objects.requireNonNull(sharedChoice, "sharedChoice");
    }

    /**
     * Adds a subscription, or replaces the client's subscription with the identical filter, options and identifier
     * included [MQTT-3.8.4-3].
     *
     * @param subscription its QoS must be the QoS granted to it; its filter may be a shared one
     * @param subscriptionIdentifier 1 to 268,435,455, or {@code 0} for none
     * @return {@code true} if the client had no subscription with this exact filter before (what Retain Handling 1
     *         asks, 3.8.3.1)
     * @throws ProtocolViolation when the filter is invalid (see {@link Topics#validateTopicFilter}), or when a shared
     *         subscription asks for No Local [MQTT-3.8.3-4]
     */
    public boolean subscribe(String clientId, Subscription subscription, int subscriptionIdentifier) {
        ClientSubscription entry = new ClientSubscription(clientId, subscription, subscriptionIdentifier);
        String filter = subscription.filter();
        SharedFilter shared = SharedFilter.parse(filter); // checks a shared filter completely
        if (shared == null) {
            Topics.validateTopicFilter(filter);
        }
        if (shared != null && subscription.noLocal()) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.8.3-4",
                    "No Local must not be set on a shared subscription: " + filter);
        }
        String shareName = shared == null ? null : shared.group();
        String[] levels = TopicTrie.levels(shared == null ? filter : shared.filter());
        boolean[] isNew = new boolean[1];
        byClient.compute(clientId, (id, filters) -> {
            Map<String, ClientSubscription> current = filters == null ? new ConcurrentHashMap<>() : filters;
            isNew[0] = current.put(filter, entry) == null;
            trie.update(levels, node -> {
                node.put(shareName, entry);
                return null;
            });
            return current;
        });
        return isNew[0];
    }

    /**
     * Removes the client's subscription with exactly this filter (shared ones with their {@code $share/} prefix).
     *
     * @return whether it existed (UNSUBACK 0x00 versus 0x11)
     */
    public boolean unsubscribe(String clientId, String filter) {
        boolean[] existed = new boolean[1];
        byClient.computeIfPresent(clientId, (id, filters) -> {
            ClientSubscription removed = filters.remove(filter);
            if (removed != null) {
                existed[0] = true;
                removeFromTrie(removed);
            }
            return filters.isEmpty() ? null : filters;
        });
        return existed[0];
    }

    /** Removes every subscription of the client, e.g. when its session ends. */
    public void removeAll(String clientId) {
        byClient.computeIfPresent(clientId, (id, filters) -> {
            filters.values().forEach(this::removeFromTrie);
            return null;
        });
    }

    /** @return a snapshot of the client's subscriptions in no particular order; empty when it has none */
    public List<ClientSubscription> subscriptionsOf(String clientId) {
        Map<String, ClientSubscription> filters = byClient.get(clientId);
        return filters == null ? List.of() : List.copyOf(filters.values());
    }

    /**
     * Finds who receives a message published to {@code topic}: one {@link Delivery} per client for its plain
     * subscriptions (collapsed as described there), plus one per matching shared subscription. Filters starting with
     * a wildcard do not match topics starting with {@code '$'} [MQTT-4.7.2-1]; a plain subscription with No Local is
     * skipped for its own client's messages [MQTT-3.8.3-3].
     *
     * @param topic a valid topic name (see {@link Topics#validateTopicName}); not checked again here
     * @param publisherClientId the client that published, or {@code null} when the server did (No Local then never
     *        applies)
     * @return a new mutable list the caller owns; plain deliveries first, in no significant order
     */
    public List<Delivery> match(String topic, String publisherClientId) {
        String[] levels = TopicTrie.levels(topic);
        boolean wildcardsAtRoot = !topic.startsWith("$");
        Map<String, CollapsedDelivery> plain = new LinkedHashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        ArrayDeque<TopicTrie.Node<NodeSubscriptions>> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(trie.root());
        depths.push(0);
        while (!nodes.isEmpty()) {
            TopicTrie.Node<NodeSubscriptions> node = nodes.pop();
            int depth = depths.pop();
            TopicTrie.Node<NodeSubscriptions> multiLevel = node.children.get("#");
            if (depth == levels.length) {
                collect(node.payload, publisherClientId, plain, deliveries);
                if (multiLevel != null) {
                    collect(multiLevel.payload, publisherClientId, plain, deliveries); // "a/#" matches "a"
                }
                continue;
            }
            if (depth > 0 || wildcardsAtRoot) {
                if (multiLevel != null) {
                    collect(multiLevel.payload, publisherClientId, plain, deliveries);
                }
                TopicTrie.Node<NodeSubscriptions> singleLevel = node.children.get("+");
                if (singleLevel != null) {
                    nodes.push(singleLevel);
                    depths.push(depth + 1);
                }
            }
            TopicTrie.Node<NodeSubscriptions> exact = node.children.get(levels[depth]);
            if (exact != null) {
                nodes.push(exact);
                depths.push(depth + 1);
            }
        }
        List<Delivery> result = new ArrayList<>(plain.size() + deliveries.size());
        plain.forEach((clientId, collapsed) -> result.add(collapsed.toDelivery(clientId)));
        result.addAll(deliveries);
        return result;
    }

    private void collect(NodeSubscriptions node, String publisherClientId, Map<String, CollapsedDelivery> plain,
            List<Delivery> shared) {
        for (ClientSubscription entry : node.byClientId.values()) {
            if (entry.subscription().noLocal() && entry.clientId().equals(publisherClientId)) {
                continue;
            }
            plain.computeIfAbsent(entry.clientId(), id -> new CollapsedDelivery()).add(entry);
        }
        for (SharedGroup group : node.sharedByName.values()) {
            ClientSubscription chosen = group.choose(sharedChoice);
            if (chosen != null) {
                shared.add(new CollapsedDelivery().add(chosen).toDelivery(chosen.clientId()));
            }
        }
    }

    /** Runs inside the client's {@code compute}, so the entry cannot change meanwhile. */
    private void removeFromTrie(ClientSubscription entry) {
        String filter = entry.subscription().filter();
        SharedFilter shared = SharedFilter.parse(filter);
        String shareName = shared == null ? null : shared.group();
        String[] levels = TopicTrie.levels(shared == null ? filter : shared.filter());
        trie.updateExisting(levels, node -> node.remove(shareName, entry.clientId()), false);
    }

    /** The overlapping plain subscriptions of one client, merged [MQTT-3.3.4-2] to [MQTT-3.3.4-5]. */
    private static final class CollapsedDelivery {
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retainAsPublished;
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>(1);

        CollapsedDelivery add(ClientSubscription entry) {
            qos = qos.max(entry.subscription().qos());
            retainAsPublished |= entry.subscription().retainAsPublished();
            if (entry.subscriptionIdentifier() != 0) {
                subscriptionIdentifiers.add(entry.subscriptionIdentifier());
            }
            return this;
        }

        Delivery toDelivery(String clientId) {
            return new Delivery(clientId, qos, retainAsPublished, subscriptionIdentifiers);
        }
    }
}
