package dev.roost.broker.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetainedMessagesTest {
    private static final List<String> TOPICS = List.of("sport", "sport/", "sport/tennis", "sport/tennis/player1",
            "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon", "sport//player1", "/finance", "/",
            "a/$b", "$SYS", "$SYS/monitor/Clients", "Sport");

    private final RetainedMessages<String> retained = new RetainedMessages<>();

    @Test
    void putReplacesAndRemoveForgets() {
        retained.put("a/b", "one");
        retained.put("a/b", "two");

        assertThat(retained.match("a/b")).containsExactly("two");
        assertThat(retained.size()).isEqualTo(1);

        retained.remove("a/b");
        retained.remove("a/b");
        retained.remove("never/retained");

        assertThat(retained.match("a/b")).isEmpty();
        assertThat(retained.match("#")).isEmpty();
        assertThat(retained.size()).isZero();
    }

    @Test
    void removingParentTopicKeepsChildTopic() {
        retained.put("a", "parent");
        retained.put("a/b/c", "child");

        retained.remove("a");

        assertThat(retained.match("a/#")).containsExactly("child");
        retained.remove("a/b/c");
        retained.put("a/b", "again");
        assertThat(retained.match("a/+")).containsExactly("again");
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] wildcard lookups return exactly what Topics.matches accepts")
    void wildcardLookupAgreesWithTopicsMatches() {
        TOPICS.forEach(topic -> retained.put(topic, topic));
        List<String> filters = List.of("#", "+", "/+", "+/+", "/#", "sport/#", "sport/+", "sport/tennis/player1/#",
                "sport/tennis/+", "+/tennis/#", "sport/+/player1", "+/+/+", "+/#", "$SYS/#", "$SYS/+", "$SYS",
                "sport", "a/+", "a/#", "nothing/#", "+/$b");

        for (String filter : filters) {
            List<String> expected = TOPICS.stream().filter(topic -> Topics.matches(filter, topic)).toList();
            assertThat(retained.match(filter)).as("retained for %s", filter)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(retained.size()).isEqualTo(TOPICS.size());
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] filters starting with a wildcard do not return topics starting with $")
    void leadingWildcardsSkipDollarTopics() {
        retained.put("$SYS/monitor/Clients", "sys");
        retained.put("$SYS", "sysRoot");
        retained.put("monitor/Clients", "plain");

        assertThat(retained.match("#")).containsExactly("plain");
        assertThat(retained.match("+/monitor/Clients")).isEmpty();
        assertThat(retained.match("+/Clients")).containsExactly("plain");
        assertThat(retained.match("$SYS/#")).containsExactlyInAnyOrder("sys", "sysRoot");
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] a multi-level wildcard also returns the parent level")
    void multiLevelWildcardIncludesParent() {
        retained.put("sport", "parent");
        retained.put("sport/tennis", "child");
        retained.put("sports", "other");

        assertThat(retained.match("sport/#")).containsExactlyInAnyOrder("parent", "child");
    }

    @Test
    void concurrentWritersKeepEveryLastWrite() throws Exception {
        int writers = 4;
        int topicsPerWriter = 500;
        ExecutorService executor = Executors.newFixedThreadPool(writers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < topicsPerWriter; i++) {
                            // every writer shares the "shared/..." branches, so pruning races with creation
                            String topic = "shared/" + (i % 10) + "/" + writer + "/" + i;
                            retained.put(topic, topic);
                            assertThat(retained.match(topic)).containsExactly(topic);
                            if (round < 2 || i % 2 == 0) {
                                retained.remove(topic);
                            }
                        }
                    }
                    return null;
                }));
            }
            futures.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    assertThat(retained.match("shared/+/#")).allMatch(message -> message.startsWith("shared/"));
                }
                return null;
            }));
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(retained.size()).isEqualTo(writers * topicsPerWriter / 2);
        assertThat(retained.match("#")).hasSize(writers * topicsPerWriter / 2)
                .allMatch(topic -> Integer.parseInt(topic.substring(topic.lastIndexOf('/') + 1)) % 2 == 1);
    }
}
