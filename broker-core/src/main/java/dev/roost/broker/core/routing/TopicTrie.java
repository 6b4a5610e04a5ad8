package dev.roost.broker.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A trie keyed by topic levels whose nodes carry a payload {@code P}; the shared skeleton of {@link SubscriptionTree}
 * and {@link RetainedMessages}.
 *
 * <p>Threading: readers walk {@link Node#children} (concurrent maps) without locks and may see a node that is being
 * pruned; that is a harmless, momentary view. Writers run their mutation under the target node's monitor. A node whose
 * payload and children are empty is pruned under its parent's and its own monitor (always ancestor first) and marked
 * {@code removed}; a writer that finds a removed node starts again from the root, so a concurrent write is never lost
 * to a pruned node. A writer holds at most one monitor at a time, a pruner two along one path: no deadlock.
 *
 * @param <P> the payload; it must be safe to read while its node's monitor is held by a writer (e.g. concurrent maps
 *        or volatile fields)
 */
final class TopicTrie<P> {
    /** One topic level. {@code children} and {@code payload} may be read without a lock. */
    static final class Node<P> {
        final Node<P> parent;
        final String level;
        final P payload;
        final ConcurrentHashMap<String, Node<P>> children = new ConcurrentHashMap<>();
        /** Guarded by {@code this}. */
        private boolean removed;

        private Node(Node<P> parent, String level, P payload) {
            this.parent = parent;
            this.level = level;
            this.payload = payload;
        }
    }

    private final Supplier<P> payloadFactory;
    private final Predicate<P> isEmpty;
    private final Node<P> root;

    /**
     * @param payloadFactory makes the payload of a new node
     * @param isEmpty whether a payload holds nothing, so that its childless node may be pruned; called under the
     *        node's monitor
     */
    TopicTrie(Supplier<P> payloadFactory, Predicate<P> isEmpty) {
        this.payloadFactory = payloadFactory;
        this.isEmpty = isEmpty;
        this.root = new Node<>(null, "", payloadFactory.get());
    }

    Node<P> root() {
        return root;
    }

    /**
     * Runs {@code mutation} on the payload of the node at {@code levels}, creating the path if needed, under that node's
     * monitor; prunes the node afterwards if the mutation left it empty.
     */
    <R> R update(String[] levels, Function<P, R> mutation) {
        while (true) {
            Node<P> node = createPath(levels);
            if (node == null) {
                continue;
            }
            R result;
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                result = mutation.apply(node.payload);
            }
            prune(node);
            return result;
        }
    }

    /**
     * Like {@link #update} but never creates nodes: returns {@code absent} without calling {@code mutation} when there is
     * no node at {@code levels}.
     */
    <R> R updateExisting(String[] levels, Function<P, R> mutation, R absent) {
        while (true) {
            Node<P> node = find(levels);
            if (node == null) {
                return absent;
            }
            R result;
            synchronized (node) {
                if (node.removed) {
                    continue; // pruned meanwhile; a new node may have been created in its place
                }
                result = mutation.apply(node.payload);
            }
            prune(node);
            return result;
        }
    }

    /** @return the node at {@code levels}, or {@code null}; lock-free, so it may be a node being pruned */
    Node<P> find(String[] levels) {
        Node<P> node = root;
        for (String level : levels) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** @return the node at {@code levels}, or {@code null} if a node on the way was pruned meanwhile */
    private Node<P> createPath(String[] levels) {
        Node<P> node = root;
        for (String level : levels) {
            Node<P> parent = node;
            synchronized (parent) {
                if (parent.removed) {
                    return null;
                }
                node = parent.children.computeIfAbsent(level, l -> new Node<>(parent, l, payloadFactory.get()));
            }
        }
        return node;
    }

    private void prune(Node<P> node) {
        while (node.parent != null) {
            Node<P> parent = node.parent;
            synchronized (parent) {
                synchronized (node) {
                    if (node.removed || !node.children.isEmpty() || !isEmpty.test(node.payload)) {
                        return;
                    }
                    node.removed = true;
                    parent.children.remove(node.level, node);
                }
            }
            node = parent;
        }
    }

    /**
     * Splits a topic name or filter into its levels, keeping empty ones: {@code "/a/"} is {@code ["", "a", ""]}.
     */
    static String[] levels(String topic) {
        List<String> levels = new ArrayList<>();
        int from = 0;
        while (true) {
            int slash = topic.indexOf('/', from);
            if (slash < 0) {
                levels.add(topic.substring(from));
                return levels.toArray(String[]::new);
            }
            levels.add(topic.substring(from, slash));
            from = slash + 1;
        }
    }
}
