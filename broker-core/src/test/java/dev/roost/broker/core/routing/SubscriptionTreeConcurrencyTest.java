package dev.roost.broker.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionTreeConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int MATCHERS = 2;
    private static final int ROUNDS = 3_000;
    private static final int CLIENTS_PER_WRITER = 20;

    private final ExecutorService executor = Executors.newFixedThreadPool(WRITERS + MATCHERS);
    private final SubscriptionTree tree = new SubscriptionTree(SharedSubscriberChoice.roundRobin(clientId -> true));

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void concurrentSubscribeUnsubscribeAndMatchLoseNoSubscription() throws Exception {
        for (int k = 0; k < 4; k++) {
            tree.subscribe("stable-" + k, Subscription.of("x/y/z/" + k, Qos.AT_LEAST_ONCE), 0);
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writersDone = new AtomicBoolean();
        AtomicLong matches = new AtomicLong();
        List<Future<Map<String, Set<String>>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(executor.submit(() -> {
                start.await();
                return churn(writer);
            }));
        }
        List<Future<?>> matchers = new ArrayList<>();
        for (int m = 0; m < MATCHERS; m++) {
            matchers.add(executor.submit(() -> {
                start.await();
                do {
                    for (int k = 0; k < 4; k++) {
                        List<String> clients = tree.match("x/y/z/" + k, null).stream().map(Delivery::clientId)
                                .toList();
                        assertThat(clients).contains("stable-" + k);
                        matches.incrementAndGet();
                    }
                    tree.match("x/y/deep/1", null);
                } while (!writersDone.get());
                return null;
            }));
        }

        start.countDown();
        Map<String, Set<String>> expected = new HashMap<>();
        try {
            for (Future<Map<String, Set<String>>> writer : writers) {
                expected.putAll(writer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            writersDone.set(true);
        }
        for (Future<?> matcher : matchers) {
            matcher.get(60, TimeUnit.SECONDS);
        }

        assertThat(matches.get()).isPositive();
        expected.forEach((clientId, filters) -> {
            assertThat(tree.subscriptionsOf(clientId)).extracting(s -> s.subscription().filter())
                    .as("subscriptions of %s", clientId).containsExactlyInAnyOrderElementsOf(filters);
            for (String filter : filters) {
                if (!filter.startsWith("$share/")) {
                    assertThat(tree.match(topicFor(filter), null)).extracting(Delivery::clientId)
                            .as("%s subscribed to %s", clientId, filter).contains(clientId);
                }
            }
        });
        for (int k = 0; k < 4; k++) {
            assertThat(tree.match("x/y/z/" + k, null)).extracting(Delivery::clientId).contains("stable-" + k);
        }
    }

    /**
     * One filter's node cycles through every form (none, one plain subscriber, several, plain and shared) while its
     * parent's children go between one and two, and matchers check that a subscriber stays visible for as long as no
     * operation on it could have run.
     */
    @Test
    void aNodeChangingFormUnderConcurrentMatchHidesNoSubscriberNobodyTouched() throws Exception {
        tree.subscribe("anchor", Subscription.of("f/g/+", Qos.AT_MOST_ONCE), 0);
        AtomicLong started = new AtomicLong(-1);
        AtomicLong completed = new AtomicLong(-1);
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> matchers = new ArrayList<>();
        for (int m = 0; m < MATCHERS; m++) {
            matchers.add(executor.submit(() -> {
                start.await();
                while (!writerDone.get()) {
                    long before = completed.get();
                    List<String> clients = tree.match("f/g/h", null).stream().map(Delivery::clientId).toList();
                    long after = started.get();
                    assertThat(clients).contains("anchor");
                    long cycleStart = Math.floorDiv(before, steps.length) * steps.length;
                    int step = (int) (before - cycleStart);
                    if (before >= 0 && step == 0 && after < cycleStart + 2) {
                        assertThat(clients).as("a after op %d until op %d", before, after).contains("a");
                    }
                    if (before >= 0 && step >= 1 && step <= 4 && after < cycleStart + 5) {
                        assertThat(clients).as("b after op %d until op %d", before, after).contains("b");
                        checks.incrementAndGet();
                    }
                    if (before >= 0 && step == 3 && after < cycleStart + 4) {
                        assertThat(clients).as("c after op %d until op %d", before, after).contains("c");
                    }
                }
                return null;
            }));
        }

        start.countDown();
        try {
            for (long op = 0; op < 6_000 * steps.length; op++) {
                started.set(op);
                Runnable step = steps[(int) (op % steps.length)];
                step.run();
                completed.set(op);
            }
        } finally {
            writerDone.set(true);
        }
        for (Future<?> matcher : matchers) {
            matcher.get(60, TimeUnit.SECONDS);
        }

        assertThat(checks.get()).isPositive();
        assertThat(tree.match("f/g/h", null)).extracting(Delivery::clientId).containsExactly("anchor");
    }

    /** 0 → 1 → 2 → 1 → 1 + shared → 1 → 0 subscribers at f/g/h; each step checks what a match sees right after. */
    private final Runnable[] steps = {
        () -> {
            tree.subscribe("a", Subscription.of("f/g/h", Qos.AT_MOST_ONCE), 0);
            assertThat(clientsMatching("f/g/h")).containsExactlyInAnyOrder("anchor", "a");
        },
        () -> {
            tree.subscribe("b", Subscription.of("f/g/h", Qos.AT_LEAST_ONCE), 0);
            assertThat(clientsMatching("f/g/h")).containsExactlyInAnyOrder("anchor", "a", "b");
        },
        () -> {
            assertThat(tree.unsubscribe("a", "f/g/h")).isTrue();
            assertThat(clientsMatching("f/g/h")).containsExactlyInAnyOrder("anchor", "b");
        },
        () -> {
            tree.subscribe("c", Subscription.of("$share/s/f/g/h", Qos.AT_MOST_ONCE), 0);
            assertThat(clientsMatching("f/g/h")).containsExactlyInAnyOrder("anchor", "b", "c");
        },
        () -> {
            assertThat(tree.unsubscribe("c", "$share/s/f/g/h")).isTrue();
            assertThat(clientsMatching("f/g/h")).containsExactlyInAnyOrder("anchor", "b");
        },
        () -> {
            assertThat(tree.unsubscribe("b", "f/g/h")).isTrue();
            assertThat(clientsMatching("f/g/h")).containsExactly("anchor");
        },
    };

    private List<String> clientsMatching(String topic) {
        return tree.match(topic, null).stream().map(Delivery::clientId).toList();
    }

    /** Runs on one writer thread; returns what each of its clients is subscribed to at the end. */
    private Map<String, Set<String>> churn(int writer) {
        Map<String, Set<String>> expected = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String clientId = "w" + writer + "-" + (round % CLIENTS_PER_WRITER);
            String filter = switch (round % 4) {
                case 0 -> "x/y/z/" + (round / 4 % 4);
                case 1 -> "x/+/z/#";
                case 2 -> "x/y/deep/" + (round / 4 % 3);
                default -> "$share/s" + (writer % 2) + "/x/y/deep/" + (round / 4 % 3);
            };
            Set<String> filters = expected.computeIfAbsent(clientId, id -> new HashSet<>());
            tree.subscribe(clientId, Subscription.of(filter, Qos.AT_MOST_ONCE), round % 5);
            filters.add(filter);
            if (!filter.startsWith("$share/")) {
                assertThat(tree.match(topicFor(filter), null)).extracting(Delivery::clientId)
                        .as("%s just subscribed to %s", clientId, filter).contains(clientId);
            }
            if (round % 7 == 3) {
                tree.removeAll(clientId);
                filters.clear();
            } else if (round % 3 != 0) {
                String victim = filters.iterator().next();
                assertThat(tree.unsubscribe(clientId, victim)).isTrue();
                filters.remove(victim);
            }
        }
        expected.values().removeIf(Set::isEmpty);
        return expected;
    }

    private static String topicFor(String filter) {
        return filter.replace("+", "q").replace("#", "end");
    }
}
