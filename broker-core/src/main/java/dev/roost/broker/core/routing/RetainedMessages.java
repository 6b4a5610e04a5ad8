package dev.roost.broker.core.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The retained message of every topic (3.3.1.3), kept in a trie of topic levels so that a wildcard filter visits only
 * the topics it can match.
 *
 * <p>Threading: all methods are safe to call from any thread; {@link #match} takes no lock. Writers of different
 * topics run in parallel; a {@link #match} that runs during writes may or may not see them. {@link #size} is exact
 * once writers are quiet.
 *
 * <p>Deciding what to retain is the caller's job: a PUBLISH with RETAIN and an empty payload means {@link #remove},
 * not {@link #put} (3.3.1.3), and a new shared subscription gets no retained messages (4.8.2).
 *
 * @param <M> what the broker stores for a retained message; immutable or safely published, never {@code null}
 */
public final class RetainedMessages<M> {
    /** A node's payload is the retained message of exactly that topic, or {@code null}. */
    private final TopicTrie<M> trie = new TopicTrie<>();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Retains {@code message} for {@code topic}, replacing what was retained there.
     *
     * @param topic a valid topic name (see {@link dev.roost.protocol.topic.Topics#validateTopicName})
     */
    public void put(String topic, M message) {
        Objects.requireNonNull(message, "message");
        trie.update(TopicTrie.levels(topic), node -> {
            if (node.payload() == null) {
                size.incrementAndGet();
            }
            node.payload(message);
            return null;
        });
    }

    /** Forgets what is retained for {@code topic}, if anything. */
    public void remove(String topic) {
        trie.updateExisting(TopicTrie.levels(topic), node -> {
            if (node.payload() != null) {
                size.decrementAndGet();
                node.payload(null);
            }
            return null;
        }, null);
    }

    /**
     * The retained messages of every topic that matches {@code filter}. Filters starting with a wildcard do not match
     * topics starting with {@code '$'} [MQTT-4.7.2-1].
     *
     * @param filter a valid plain topic filter; a shared subscription's {@code $share/ShareName/} prefix must be
     *        stripped first
     * @return a new list the caller owns, in no significant order
     */
    public List<M> match(String filter) {
        String[] levels = TopicTrie.levels(filter);
        List<M> found = new ArrayList<>();
        ArrayDeque<TopicTrie.Node<M>> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(trie.root());
        depths.push(0);
        while (!nodes.isEmpty()) {
            TopicTrie.Node<M> node = nodes.pop();
            int depth = depths.pop();
            if (depth == levels.length) {
                addIfRetained(node, found);
                continue;
            }
            String level = levels[depth];
            if (level.equals("#")) {
                addSubtree(node, depth == 0, found); // "a/#" also matches "a"
            } else if (level.equals("+")) {
                int childDepth = depth + 1;
                node.forEachChild(child -> {
                    if (childDepth > 1 || !child.level.startsWith("$")) {
                        nodes.push(child);
                        depths.push(childDepth);
                    }
                });
            } else {
                TopicTrie.Node<M> child = node.child(level);
                if (child != null) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return found;
    }

    /** @return how many topics have a retained message */
    public int size() {
        return size.get();
    }

    private static <M> void addSubtree(TopicTrie.Node<M> top, boolean atRoot, List<M> found) {
        ArrayDeque<TopicTrie.Node<M>> pending = new ArrayDeque<>();
        if (atRoot) {
            top.forEachChild(child -> {
                if (!child.level.startsWith("$")) {
                    pending.push(child);
                }
            });
        } else {
            pending.push(top);
        }
        while (!pending.isEmpty()) {
            TopicTrie.Node<M> node = pending.pop();
            addIfRetained(node, found);
            node.forEachChild(pending::push);
        }
    }

    private static <M> void addIfRetained(TopicTrie.Node<M> node, List<M> found) {
        M message = node.payload();
        if (message != null) {
            found.add(message);
        }
    }
}
