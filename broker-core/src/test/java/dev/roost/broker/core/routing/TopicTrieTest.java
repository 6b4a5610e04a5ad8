package dev.roost.broker.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTrieTest {
    private final TopicTrie<String> trie = new TopicTrie<>();

    private void put(String topic, String payload) {
        trie.update(TopicTrie.levels(topic), node -> {
            node.payload(payload);
            return null;
        });
    }

    private void clear(String topic) {
        trie.updateExisting(TopicTrie.levels(topic), node -> {
            node.payload(null);
            return null;
        }, null);
    }

    private static List<String> childLevels(TopicTrie.Node<String> node) {
        List<String> levels = new ArrayList<>();
        node.forEachChild(child -> levels.add(child.level));
        return levels;
    }

    @Test
    void aNodeLeftWithoutPayloadAndChildrenIsPrunedUpToTheFirstThatIsNot() {
        put("a/b/c", "abc");
        put("a/b", "ab");

        clear("a/b/c");
        assertThat(trie.find(TopicTrie.levels("a/b/c"))).isNull();
        assertThat(trie.find(TopicTrie.levels("a/b")).payload()).isEqualTo("ab");

        clear("a/b");
        assertThat(trie.root().child("a")).isNull();
        assertThat(childLevels(trie.root())).isEmpty();
    }

    @Test
    void childrenGoFromNoneToOneToManyAndBackKeepingTheirNodes() {
        put("a/x", "x");
        TopicTrie.Node<String> a = trie.root().child("a");
        TopicTrie.Node<String> x = a.child("x");
        assertThat(childLevels(a)).containsExactly("x");
        assertThat(a.child("y")).isNull();

        put("a/y", "y");
        put("a/z", "z");
        assertThat(childLevels(a)).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(a.child("x")).isSameAs(x);

        clear("a/x");
        clear("a/z");
        assertThat(childLevels(a)).containsExactly("y");
        assertThat(a.child("x")).isNull();
        assertThat(a.child("y").payload()).isEqualTo("y");

        put("a/x", "x again");
        assertThat(a.child("x")).isNotSameAs(x);
        assertThat(a.child("x").payload()).isEqualTo("x again");
        assertThat(x.payload()).as("a pruned node is never revived").isNull();
    }

    @Test
    void updateExistingCreatesNothing() {
        assertThat(trie.updateExisting(TopicTrie.levels("a/b"), node -> "ran", "absent")).isEqualTo("absent");
        assertThat(trie.root().child("a")).isNull();
    }

    @Test
    void levelsKeepEmptyOnes() {
        assertThat(TopicTrie.levels("/a/")).containsExactly("", "a", "");
        assertThat(TopicTrie.levels("a")).containsExactly("a");
    }
}
