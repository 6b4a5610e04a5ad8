package dev.roost.broker.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A trie keyed by topic levels whose nodes carry a payload {@code P}; the shared skeleton of {@link SubscriptionTree}
 * and {@link RetainedMessages}.
 *
 * <p>Threading: readers walk the nodes ({@link Node#child}, {@link Node#payload}) without locks and may see a node
 * that is being pruned; that is a harmless, momentary view. Writers run their mutation under the target node's
 * monitor. A node without payload and children is pruned under its parent's and its own monitor (always ancestor
 * first) and marked {@code removed}; a writer that finds a removed node starts again from the root, so a concurrent
 * write is never lost to a pruned node. A writer holds at most one monitor at a time, a pruner two along one path: no
 * deadlock.
 *
 * <p>Memory: a trie of many subscribers holds one node per distinct filter, most of them leaves, so a node carries no
 * object it does not need: no map for no child or for one child, and no payload object unless the owner puts one.
 *
 * @param <P> the payload; immutable, or safe to read while its node's monitor is held by a writer (e.g. concurrent
 *        maps or volatile fields)
 */
final class TopicTrie<P> {
    /** One topic level. Its children and payload may be read without a lock. */
    static final class Node<P> {
        final Node<P> parent;
        final String level;
        /**
         * {@code null}, the only child, or a {@code ConcurrentHashMap<String, Node<P>>} by level for two or more;
         * changed or replaced only under this node's monitor.
         */
        private volatile Object children;
        /** {@code null} for none; replaced only under this node's monitor. */
        private volatile P payload;
        /** Guarded by {@code this}. */
        private boolean removed;

        private Node(Node<P> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        /** @return the payload, or {@code null}; lock-free */
        P payload() {
            return payload;
        }

        /** Replaces the payload ({@code null}: none, so the node may be pruned); only inside a mutation. */
        void payload(P next) {
            payload = next;
        }

        /** @return the child for {@code level}, or {@code null}; lock-free */
        Node<P> child(String level) {
            Object c = children;
            if (c instanceof Node<?> only) {
                return only.level.equals(level) ? cast(only) : null;
            }
            return c == null ? null : map(c).get(level);
        }

        /** Visits every child; lock-free and weakly consistent, like iterating a concurrent map. */
        void forEachChild(Consumer<Node<P>> action) {
            Object c = children;
            if (c instanceof Node<?> only) {
                action.accept(cast(only));
            } else if (c != null) {
                map(c).values().forEach(action);
            }
        }

        /** Under this node's monitor. */
        private Node<P> childOrNew(String level) {
            Object c = children;
            if (c == null) {
                Node<P> fresh = new Node<>(this, level);
                children = fresh;
                return fresh;
            }
            if (c instanceof Node<?> only) {
                if (only.level.equals(level)) {
                    return cast(only);
                }
                ConcurrentHashMap<String, Node<P>> both = new ConcurrentHashMap<>(2);
                both.put(only.level, cast(only));
                Node<P> fresh = new Node<>(this, level);
                both.put(level, fresh);
                children = both;
                return fresh;
            }
            // Under the monitor no other writer changes the map, so get-then-put is atomic enough.
            ConcurrentHashMap<String, Node<P>> many = map(c);
            Node<P> existing = many.get(level);
            if (existing != null) {
                return existing;
            }
            Node<P> fresh = new Node<>(this, level);
            many.put(level, fresh);
            return fresh;
        }

        /** Under this node's monitor. A map left with one child gives way to that child, so readers never see a gap. */
        private void removeChild(Node<P> child) {
            Object c = children;
            if (c == child) {
                children = null;
            } else if (c != null && !(c instanceof Node<?>)) {
                ConcurrentHashMap<String, Node<P>> many = map(c);
                many.remove(child.level, child);
                if (many.size() == 1) {
                    children = many.values().iterator().next();
                }
            }
        }

        private boolean isEmpty() {
            return children == null && payload == null;
        }

        /** A child of this node has this node's payload type. */
        @SuppressWarnings("unchecked")
        private Node<P> cast(Node<?> child) {
            return (Node<P>) child;
        }

        @SuppressWarnings("unchecked")
        private ConcurrentHashMap<String, Node<P>> map(Object children) {
            return (ConcurrentHashMap<String, Node<P>>) children;
        }
    }

    private final Node<P> root = new Node<>(null, "");

    Node<P> root() {
        return root;
    }

    /**
     * Runs {@code mutation} on the node at {@code levels}, creating the path if needed, under that node's monitor; the
     * mutation reads and replaces the node's {@link Node#payload}. Prunes the node afterwards if it is left without
     * payload and children.
     */
    <R> R update(String[] levels, Function<Node<P>, R> mutation) {
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
                result = mutation.apply(node);
            }
            prune(node);
            return result;
        }
    }

    /**
     * Like {@link #update} but never creates nodes: returns {@code absent} without calling {@code mutation} when there is
     * no node at {@code levels}.
     */
    <R> R updateExisting(String[] levels, Function<Node<P>, R> mutation, R absent) {
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
                result = mutation.apply(node);
            }
            prune(node);
            return result;
        }
    }

    /** @return the node at {@code levels}, or {@code null}; lock-free, so it may be a node being pruned */
    Node<P> find(String[] levels) {
        Node<P> node = root;
        for (String level : levels) {
            node = node.child(level);
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
                node = parent.childOrNew(level);
            }
        }
        return node;
    }

    private void prune(Node<P> node) {
        while (node.parent != null) {
            Node<P> parent = node.parent;
            synchronized (parent) {
                synchronized (node) {
                    if (node.removed || !node.isEmpty()) {
                        return;
                    }
                    node.removed = true;
                    parent.removeChild(node);
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
