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
 * <p>Memory: most clients hold one subscription to a filter nobody else uses, so that case allocates no map: the
 * filter's leaf node holds the {@link ClientSubscription} itself (see {@code NodeSubscribers}) and so does the
 * per-client index; maps appear only where a node or a client has several.
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
    private final TopicTrie<NodeSubscribers> trie = new TopicTrie<>();
    /**
     * Client id → its subscriptions: the {@link ClientSubscription} itself when it has one (most clients), else a
     * {@code ConcurrentHashMap<String, ClientSubscription>} by filter as sent. The per-client serialisation is this
     * map's {@code compute}; a value is replaced or changed only there.
     */
    private final ConcurrentHashMap<String, Object> byClient = new ConcurrentHashMap<>();

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
        byClient.compute(clientId, (id, current) -> {
            Object next;
            if (current == null) {
                isNew[0] = true;
                next = entry;
            } else if (current instanceof ClientSubscription only) {
                isNew[0] = !only.subscription().filter().equals(filter);
                next = isNew[0] ? filtersOf(only, entry) : entry;
            } else {
                isNew[0] = filters(current).put(filter, entry) == null;
                next = current;
            }
            trie.update(levels, node -> {
                NodeSubscriptions.put(node, shareName, entry);
                return null;
            });
            return next;
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
        byClient.computeIfPresent(clientId, (id, current) -> {
            if (current instanceof ClientSubscription only) {
                if (!only.subscription().filter().equals(filter)) {
                    return current;
                }
                existed[0] = true;
                removeFromTrie(only);
                return null;
            }
            Map<String, ClientSubscription> filters = filters(current);
            ClientSubscription removed = filters.remove(filter);
            if (removed != null) {
                existed[0] = true;
                removeFromTrie(removed);
            }
            // A client left with one subscription goes back to the compact form.
            return filters.size() == 1 ? filters.values().iterator().next() : current;
        });
        return existed[0];
    }

    /** Removes every subscription of the client, e.g. when its session ends. */
    public void removeAll(String clientId) {
        byClient.computeIfPresent(clientId, (id, current) -> {
            if (current instanceof ClientSubscription only) {
                removeFromTrie(only);
            } else {
                filters(current).values().forEach(this::removeFromTrie);
            }
            return null;
        });
    }

    /** @return a snapshot of the client's subscriptions in no particular order; empty when it has none */
    public List<ClientSubscription> subscriptionsOf(String clientId) {
        Object current = byClient.get(clientId);
        if (current == null) {
            return List.of();
        }
        return current instanceof ClientSubscription only ? List.of(only) : List.copyOf(filters(current).values());
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
        ArrayDeque<TopicTrie.Node<NodeSubscribers>> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(trie.root());
        depths.push(0);
        while (!nodes.isEmpty()) {
            TopicTrie.Node<NodeSubscribers> node = nodes.pop();
            int depth = depths.pop();
            TopicTrie.Node<NodeSubscribers> multiLevel = node.child("#");
            if (depth == levels.length) {
                collect(node.payload(), publisherClientId, plain, deliveries);
                if (multiLevel != null) {
                    collect(multiLevel.payload(), publisherClientId, plain, deliveries); // "a/#" matches "a"
                }
                continue;
            }
            if (depth > 0 || wildcardsAtRoot) {
                if (multiLevel != null) {
                    collect(multiLevel.payload(), publisherClientId, plain, deliveries);
                }
                TopicTrie.Node<NodeSubscribers> singleLevel = node.child("+");
                if (singleLevel != null) {
                    nodes.push(singleLevel);
                    depths.push(depth + 1);
                }
            }
            TopicTrie.Node<NodeSubscribers> exact = node.child(levels[depth]);
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

    private void collect(NodeSubscribers subscribers, String publisherClientId, Map<String, CollapsedDelivery> plain,
            List<Delivery> shared) {
        if (subscribers instanceof ClientSubscription only) {
            collectPlain(only, publisherClientId, plain);
            return;
        }
        if (subscribers == null) {
            return;
        }
        NodeSubscriptions node = (NodeSubscriptions) subscribers;
        for (ClientSubscription entry : node.byClientId.values()) {
            collectPlain(entry, publisherClientId, plain);
        }
        for (SharedGroup group : node.sharedByName.values()) {
            ClientSubscription chosen = group.choose(sharedChoice);
            if (chosen != null) {
                shared.add(new CollapsedDelivery().add(chosen).toDelivery(chosen.clientId()));
            }
        }
    }

    private static void collectPlain(ClientSubscription entry, String publisherClientId,
            Map<String, CollapsedDelivery> plain) {
        if (entry.subscription().noLocal() && entry.clientId().equals(publisherClientId)) {
            return;
        }
        plain.computeIfAbsent(entry.clientId(), id -> new CollapsedDelivery()).add(entry);
    }

    /** Runs inside the client's {@code compute}, so the entry cannot change meanwhile. */
    private void removeFromTrie(ClientSubscription entry) {
        String filter = entry.subscription().filter();
        SharedFilter shared = SharedFilter.parse(filter);
        String shareName = shared == null ? null : shared.group();
        String[] levels = TopicTrie.levels(shared == null ? filter : shared.filter());
        trie.updateExisting(levels, node -> NodeSubscriptions.remove(node, shareName, entry.clientId()), false);
    }

    /** A client's second subscription: from here on its subscriptions are a map by filter. */
    private static Object filtersOf(ClientSubscription first, ClientSubscription second) {
        ConcurrentHashMap<String, ClientSubscription> filters = new ConcurrentHashMap<>(2);
        filters.put(first.subscription().filter(), first);
        filters.put(second.subscription().filter(), second);
        return filters;
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, ClientSubscription> filters(Object subscriptionsOfClient) {
        return (ConcurrentHashMap<String, ClientSubscription>) subscriptionsOfClient;
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
