package dev.roost.broker.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.Will;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link SessionStore} engine must have, run against each of them by a subclass that says how to
 * {@link #open} one. Every test reads back through {@link #reopen}: the same instance for an engine that keeps nothing
 * past {@link SessionStore#close()}, a closed and reopened store for a durable one, so the whole contract is also a
 * persistence test there. Durable engines extend {@link Durable}, which adds what only they promise.
 */
public abstract class SessionStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    protected Path dir;
    protected SessionStore store;

    /** A new store kept in {@code dir} (an in-memory engine ignores it). */
    protected abstract SessionStore open(Path dir);

    /**
     * The store as a broker restarted after {@code store} would find it. Here: {@code store} itself, for engines that
     * keep nothing past close.
     */
    protected SessionStore reopen(SessionStore store, Path dir) {
        return store;
    }

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Restarts the store: what a test reads afterwards comes from {@link #reopen}. */
    protected final void restart() {
        store = reopen(store, dir);
    }

    @Test
    void anEmptyStoreHasNoSessionsAndNoRetainedMessages() {
        restart();
        assertThat(loaded()).isEmpty();
        assertThat(store.loadRetained()).isEmpty();
    }

    @Test
    void keepsEveryFieldOfASessionRecordWithItsWill() {
        SessionRecord full = new SessionRecord("c1", MqttVersion.V5, 3600, T0.plusNanos(123_456_789),
                new Will("will/topic", bytes("gone"), Qos.EXACTLY_ONCE, true, 30, fullProperties()));
        SessionRecord plain = new SessionRecord("c2", MqttVersion.V3_1_1, 0xFFFF_FFFFL, null, null);
        store.saveSession(full);
        store.saveSession(plain);
        restart();
        assertThat(records()).usingRecursiveComparison().isEqualTo(Map.of("c1", full, "c2", plain));
    }

    @Test
    void savingASessionAgainReplacesItsRecord() {
        store.saveSession(record("c"));
        SessionRecord disconnected = new SessionRecord("c", MqttVersion.V3_1, 60, T0, null);
        store.saveSession(disconnected);
        restart();
        assertThat(records()).usingRecursiveComparison().isEqualTo(Map.of("c", disconnected));
    }

    @Test
    void keepsSubscriptionsWithTheirOptionsAndIdentifierOnePerFilter() {
        store.saveSession(record("c"));
        SessionSubscription a = new SessionSubscription(new Subscription("a/+", Qos.AT_LEAST_ONCE, true, true, 2), 7);
        SessionSubscription b = new SessionSubscription(Subscription.of("b/#", Qos.AT_MOST_ONCE), 0);
        SessionSubscription c = new SessionSubscription(Subscription.of("$share/g/c", Qos.EXACTLY_ONCE), 268_435_455);
        store.saveSubscription("c", a);
        store.saveSubscription("c", new SessionSubscription(Subscription.of("b/#", Qos.EXACTLY_ONCE), 9));
        store.saveSubscription("c", b);
        store.saveSubscription("c", c);
        store.deleteSubscription("c", "$share/g/c");
        store.deleteSubscription("c", "never/subscribed");
        restart();
        assertThat(only("c").subscriptions()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void returnsTheLogOrderedBySequenceWhateverTheOrderOfAppends() {
        store.saveSession(record("c"));
        ApplicationMessage m = message("t", "x");
        for (long seq : new long[] {5, 1, 300, 2, 256, 1L << 40}) {
            store.appendOutbound("c", OutboundEntry.queued(seq, m, Qos.AT_LEAST_ONCE, false, List.of()));
        }
        restart();
        assertThat(log("c")).extracting(OutboundEntry::sequence)
                .containsExactly(1L, 2L, 5L, 256L, 300L, 1L << 40);
    }

    @Test
    void keepsEveryFieldOfAnEntryAndItsMessage() {
        store.saveSession(record("c"));
        ApplicationMessage full = new ApplicationMessage("a/b", bytes("payload"), Qos.EXACTLY_ONCE, true,
                fullProperties(), "publisher", T0.plusSeconds(90));
        ApplicationMessage bare = new ApplicationMessage("", new byte[0], Qos.AT_MOST_ONCE, false,
                MessageProperties.NONE, "", null);
        OutboundEntry first = OutboundEntry.queued(1, full, Qos.AT_LEAST_ONCE, true, List.of(1, 268_435_455));
        OutboundEntry second = OutboundEntry.queued(2, bare, Qos.AT_MOST_ONCE, false, List.of());
        store.appendOutbound("c", first);
        store.appendOutbound("c", second);
        restart();
        assertThat(log("c")).usingRecursiveFieldByFieldElementComparator().containsExactly(first, second);
    }

    @Test
    void anUpdateReplacesTheEntryStateAndKeepsItsPlace() {
        store.saveSession(record("c"));
        ApplicationMessage m = message("t", "x");
        OutboundEntry one = OutboundEntry.queued(1, m, Qos.EXACTLY_ONCE, false, List.of(3));
        OutboundEntry two = OutboundEntry.queued(2, m, Qos.AT_LEAST_ONCE, false, List.of());
        store.appendOutbound("c", one);
        store.appendOutbound("c", two);
        store.updateOutbound("c", one.sent(17));
        restart();
        assertThat(log("c")).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(one.sent(17), two);
        store.updateOutbound("c", one.sent(17).pubRelSent());
        restart();
        assertThat(log("c").get(0).state()).isEqualTo(OutboundEntry.State.PUBREL_SENT);
        assertThat(log("c").get(0).packetId()).isEqualTo(17);
    }

    @Test
    void deletingAnEntryRemovesOnlyThatEntry() {
        store.saveSession(record("c"));
        for (long seq = 1; seq <= 3; seq++) {
            store.appendOutbound("c", OutboundEntry.queued(seq, message("t", "m" + seq), Qos.AT_LEAST_ONCE, false,
                    List.of()));
        }
        store.deleteOutbound("c", 2);
        store.deleteOutbound("c", 99);
        store.deleteOutbound("nobody", 1);
        restart();
        assertThat(log("c")).extracting(e -> text(e.message().payload())).containsExactly("m1", "m3");
    }

    @Test
    void aFanOutGivesEachSessionItsEntryOfTheSameMessage() {
        for (String id : List.of("a", "b", "c")) {
            store.saveSession(record(id));
        }
        ApplicationMessage m = message("news", "hello");
        store.appendFanOut(List.of(
                new SessionEntry("a", OutboundEntry.queued(10, m, Qos.AT_LEAST_ONCE, false, List.of())),
                new SessionEntry("b", OutboundEntry.queued(11, m, Qos.EXACTLY_ONCE, true, List.of(4))),
                new SessionEntry("c", OutboundEntry.queued(12, m, Qos.AT_LEAST_ONCE, false, List.of()))));
        restart();
        List<OutboundEntry> entries = List.of(log("a").get(0), log("b").get(0), log("c").get(0));
        assertThat(entries).extracting(OutboundEntry::sequence).containsExactly(10L, 11L, 12L);
        assertThat(entries.get(1).qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(entries.get(1).subscriptionIdentifiers()).containsExactly(4);
        assertThat(entries).extracting(OutboundEntry::message).allSatisfy(loaded ->
                assertThat(loaded).usingRecursiveComparison().isEqualTo(m));
    }

    @Test
    void aMessageStaysForTheSessionsThatStillReferToIt() {
        store.saveSession(record("a"));
        store.saveSession(record("b"));
        ApplicationMessage m = message("t", "shared");
        store.appendFanOut(List.of(
                new SessionEntry("a", OutboundEntry.queued(1, m, Qos.AT_LEAST_ONCE, false, List.of())),
                new SessionEntry("b", OutboundEntry.queued(2, m, Qos.AT_LEAST_ONCE, false, List.of()))));
        store.deleteOutbound("a", 1);
        restart();
        store.appendOutbound("a", OutboundEntry.queued(3, log("b").get(0).message(), Qos.AT_LEAST_ONCE,
                false, List.of()));
        store.deleteOutbound("b", 2);
        restart();
        assertThat(log("b")).isEmpty();
        assertThat(log("a")).singleElement()
                .satisfies(e -> assertThat(text(e.message().payload())).isEqualTo("shared"));
    }

    @Test
    void loadsTheEntriesAskedForInTheOrderAskedAndLeavesOutThoseNoLongerStored() {
        store.saveSession(record("c"));
        store.saveSession(record("other"));
        ApplicationMessage full = new ApplicationMessage("a/b", bytes("payload"), Qos.EXACTLY_ONCE, true,
                fullProperties(), "publisher", T0.plusSeconds(90));
        List<OutboundEntry> appended = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            OutboundEntry e = OutboundEntry.queued(seq, seq == 4 ? full : message("t", "m" + seq),
                    Qos.AT_LEAST_ONCE, seq == 4, List.of((int) seq));
            appended.add(e);
            store.appendOutbound("c", e);
        }
        store.appendOutbound("other", OutboundEntry.queued(6, message("t", "not c's"), Qos.AT_LEAST_ONCE, false,
                List.of()));
        store.updateOutbound("c", appended.get(1).sent(12));
        store.deleteOutbound("c", 3);
        restart();
        assertThat(store.loadOutbound("c", new long[] {5, 4, 3, 99, 6, 2}))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(appended.get(4), appended.get(3), appended.get(1).sent(12));
        assertThat(store.loadOutbound("c", new long[0])).isEmpty();
        assertThat(store.loadOutbound("nobody", new long[] {1})).isEmpty();
    }

    @Test
    void streamsEachSessionWithReferencesToItsLogInSequenceOrderAndNoMessages() {
        store.saveSession(record("c"));
        store.appendOutbound("c", OutboundEntry.queued(9, message("t", "nine bytes"), Qos.EXACTLY_ONCE, false,
                List.of()).sent(3).pubRelSent());
        store.appendOutbound("c", OutboundEntry.queued(7, message("t", "seven"), Qos.AT_LEAST_ONCE, false,
                List.of()));
        store.appendOutbound("c", OutboundEntry.queued(4, message("t", ""), Qos.AT_LEAST_ONCE, false, List.of()));
        store.appendOutbound("c", OutboundEntry.queued(2, message("t", "x"), Qos.AT_LEAST_ONCE, false,
                List.of()).sent(1));
        store.saveSession(record("idle"));
        restart();
        StoredLog log = only("c").log();
        assertThat(log.inflightCount()).isEqualTo(2);
        assertThat(List.of(log.inflightSequence(0), log.inflightSequence(1))).containsExactly(2L, 9L);
        assertThat(log.queuedCount()).isEqualTo(2);
        assertThat(List.of(log.queuedSequence(0), log.queuedSequence(1))).containsExactly(4L, 7L);
        assertThat(List.of(log.queuedSize(0), log.queuedSize(1))).as("payload sizes").containsExactly(0, 5);
        assertThat(log.sequences()).containsExactly(2, 4, 7, 9);
        assertThat(log.maxSequence()).isEqualTo(9);
        assertThat(only("idle").log()).isEqualTo(StoredLog.EMPTY);
    }

    @Test
    void streamsManySessionsOneAtATime() {
        int count = 300;
        for (int i = 0; i < count; i++) {
            String id = "s" + i;
            store.saveSession(record(id));
            store.saveSubscription(id, new SessionSubscription(Subscription.of(id + "/#", Qos.AT_LEAST_ONCE), 0));
            for (long seq = 1; seq <= 3; seq++) {
                store.appendOutbound(id, OutboundEntry.queued(i * 10L + seq, message(id, "p" + seq),
                        Qos.AT_LEAST_ONCE, false, List.of()));
            }
        }
        restart();
        Map<String, StoredSession> streamed = new HashMap<>();
        store.loadSessions(s -> assertThat(streamed.put(s.record().clientId(), s)).as("streamed once").isNull());
        assertThat(streamed).hasSize(count).allSatisfy((id, s) -> {
            assertThat(s.subscriptions()).hasSize(1);
            assertThat(s.log().queuedCount()).isEqualTo(3);
        });
        assertThat(log("s123")).extracting(e -> text(e.message().payload())).containsExactly("p1", "p2", "p3");
    }

    @Test
    void keepsInboundQos2PacketIdsUntilReleased() {
        store.saveSession(record("c"));
        store.saveInboundQos2("c", 1);
        store.saveInboundQos2("c", 65535);
        store.saveInboundQos2("c", 300);
        store.saveInboundQos2("c", 300);
        store.deleteInboundQos2("c", 1);
        store.deleteInboundQos2("c", 2);
        restart();
        assertThat(only("c").inboundQos2()).containsExactlyInAnyOrder(300, 65535);
    }

    @Test
    void deletingASessionRemovesEverythingItHeld() {
        fillSession("c");
        store.deleteSession("c");
        restart();
        assertThat(loaded()).isEmpty();
        store.saveSession(record("c"));
        restart();
        StoredSession again = only("c");
        assertThat(again.subscriptions()).isEmpty();
        assertThat(again.log()).isEqualTo(StoredLog.EMPTY);
        assertThat(log("c")).isEmpty();
        assertThat(again.inboundQos2()).isEmpty();
    }

    @Test
    void deletingASessionLeavesSessionsWithSimilarIdsAlone() {
        for (String id : List.of("ab", "abc", "a", "b")) {
            fillSession(id);
        }
        store.deleteSession("ab");
        store.deleteSession("never-existed");
        restart();
        Map<String, StoredSession> left = sessions();
        assertThat(left).containsOnlyKeys("abc", "a", "b");
        for (StoredSession s : left.values()) {
            assertThat(s.subscriptions()).hasSize(2);
            assertThat(log(s.record().clientId())).hasSize(2);
            assertThat(s.inboundQos2()).containsExactly(9);
        }
    }

    @Test
    void keepsClientIdsTopicsAndFiltersInAnyUtf8() {
        String id = "клиент-🐦";
        store.saveSession(record(id));
        store.saveSession(record(""));
        store.saveSubscription(id, new SessionSubscription(Subscription.of("ü/+/🐦", Qos.AT_LEAST_ONCE), 0));
        store.appendOutbound(id, OutboundEntry.queued(1, message("ü/x/🐦", "ü"), Qos.AT_LEAST_ONCE, false,
                List.of()));
        store.saveRetained(message("ü/x/🐦", "r"));
        restart();
        assertThat(sessions()).containsOnlyKeys(id, "");
        assertThat(only(id).subscriptions().get(0).subscription().filter()).isEqualTo("ü/+/🐦");
        assertThat(log(id).get(0).message().topic()).isEqualTo("ü/x/🐦");
        assertThat(store.loadRetained()).extracting(ApplicationMessage::topic).containsExactly("ü/x/🐦");
    }

    @Test
    void keepsOneRetainedMessagePerTopicUntilDeleted() {
        ApplicationMessage first = message("a", "1");
        ApplicationMessage second = new ApplicationMessage("a", bytes("2"), Qos.AT_LEAST_ONCE, true,
                fullProperties(), "p", T0.plusSeconds(5));
        store.saveRetained(first);
        store.saveRetained(second);
        store.saveRetained(message("b", "b"));
        store.saveRetained(message("c", "c"));
        store.deleteRetained("b");
        store.deleteRetained("never");
        restart();
        assertThat(store.loadRetained()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder(second, message("c", "c"));
    }

    @Test
    void concurrentFanOutsAndPerLaneWritesLeaveExactlyWhatWasNotDeleted() throws Exception {
        int sessions = 8;
        int messagesPerPublisher = 150;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add("s" + i);
            store.saveSession(record("s" + i));
        }
        ExecutorService[] lanes = {Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor()};
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        AtomicLong sequences = new AtomicLong(1);
        Queue<Future<?>> laneWork = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                String publisher = "p" + p;
                done.add(publishers.submit(() -> {
                    for (int n = 0; n < messagesPerPublisher; n++) {
                        ApplicationMessage m = message(publisher, publisher + "-" + n);
                        List<SessionEntry> fanOut = new ArrayList<>();
                        for (String id : ids) {
                            fanOut.add(new SessionEntry(id, OutboundEntry.queued(sequences.getAndIncrement(), m,
                                    Qos.AT_LEAST_ONCE, false, List.of())));
                        }
                        store.appendFanOut(fanOut);
                        boolean acked = n % 2 == 1;
                        for (SessionEntry e : fanOut) {
                            // Each session's lane takes over its entry, as the broker's router hands it on.
                            ExecutorService lane = lanes[Math.floorMod(e.clientId().hashCode(), lanes.length)];
                            laneWork.add(lane.submit(() -> {
                                if (acked) {
                                    store.deleteOutbound(e.clientId(), e.entry().sequence());
                                } else {
                                    store.updateOutbound(e.clientId(), e.entry().sent(1));
                                }
                            }));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdown();
            for (ExecutorService lane : lanes) {
                lane.shutdown();
                assertThat(lane.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        for (Future<?> f : laneWork) {
            f.get();
        }
        restart();
        Set<String> expected = null;
        for (String id : ids) {
            List<OutboundEntry> log = log(id);
            assertThat(log).hasSize(messagesPerPublisher);
            assertThat(log).allMatch(e -> e.state() == OutboundEntry.State.SENT);
            assertThat(log).extracting(OutboundEntry::sequence).isSorted();
            assertThat(log).allMatch(e -> Integer.parseInt(text(e.message().payload()).split("-")[1]) % 2 == 0);
            Set<String> payloads = log.stream().map(e -> text(e.message().payload())).collect(Collectors.toSet());
            assertThat(payloads).as("every session has the same messages").isEqualTo(
                    expected == null ? payloads : expected);
            expected = payloads;
        }
    }

    /**
     * What only a durable engine promises: everything outlives {@link SessionStore#close()}. Extended by durable
     * engines' tests instead of {@link SessionStoreContract}.
     */
    public abstract static class Durable extends SessionStoreContract {

        @Override
        protected final SessionStore reopen(SessionStore store, Path dir) {
            store.close();
            return open(dir);
        }

        @Test
        void everyKindOfStateSurvivesCloseAndReopenTwice() {
            fillSession("a");
            fillSession("b");
            store.saveRetained(message("r/1", "retained"));
            List<StoredSession> before = loaded();
            List<OutboundEntry> logBefore = log("a");
            List<ApplicationMessage> retainedBefore = store.loadRetained();
            restart();
            restart();
            assertThat(loaded()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(log("a")).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(logBefore);
            assertThat(store.loadRetained()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(retainedBefore);
        }

        @Test
        void aLoadedMessageAppendedToAnotherSessionOutlivesTheFirstEntry() {
            store.saveSession(record("a"));
            store.saveSession(record("b"));
            store.appendOutbound("a", OutboundEntry.queued(1, message("t", "m"), Qos.AT_LEAST_ONCE, false,
                    List.of()));
            restart();
            ApplicationMessage loaded = log("a").get(0).message();
            store.appendOutbound("b", OutboundEntry.queued(2, loaded, Qos.AT_LEAST_ONCE, false, List.of()));
            store.deleteOutbound("a", 1);
            restart();
            assertThat(log("b")).singleElement().satisfies(e ->
                    assertThat(e.message()).usingRecursiveComparison().isEqualTo(message("t", "m")));
        }

        @Test
        void closingTwiceIsHarmless() {
            store.close();
            store.close();
            store = open(dir);
            assertThat(loaded()).isEmpty();
        }
    }

    // --- fixtures

    /** A session with two subscriptions, a two-entry log and an inbound QoS 2 id. */
    protected final void fillSession(String id) {
        store.saveSession(new SessionRecord(id, MqttVersion.V5, 600, T0, null));
        store.saveSubscription(id, new SessionSubscription(Subscription.of(id + "/#", Qos.AT_LEAST_ONCE), 1));
        store.saveSubscription(id, new SessionSubscription(Subscription.of("all", Qos.EXACTLY_ONCE), 0));
        ApplicationMessage m = message(id + "/x", "for " + id);
        store.appendOutbound(id, OutboundEntry.queued(1, m, Qos.AT_LEAST_ONCE, false, List.of(1)).sent(5));
        store.appendOutbound(id, OutboundEntry.queued(2, m, Qos.EXACTLY_ONCE, true, List.of()));
        store.saveInboundQos2(id, 9);
    }

    protected static SessionRecord record(String clientId) {
        return new SessionRecord(clientId, MqttVersion.V5, 3600, null, null);
    }

    protected static ApplicationMessage message(String topic, String payload) {
        return new ApplicationMessage(topic, bytes(payload), Qos.AT_LEAST_ONCE, false, MessageProperties.NONE,
                "publisher", null);
    }

    protected static MessageProperties fullProperties() {
        return new MessageProperties(1, 120L, "text/plain", "reply/here", bytes("corr"),
                List.of(new UserProperty("k", "v"), new UserProperty("k", "v2"), new UserProperty("", "")));
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Every session the store streams. */
    protected final List<StoredSession> loaded() {
        return StoreContents.sessions(store);
    }

    protected final Map<String, StoredSession> sessions() {
        return loaded().stream().collect(Collectors.toMap(s -> s.record().clientId(), s -> s));
    }

    protected final Map<String, SessionRecord> records() {
        return loaded().stream().collect(Collectors.toMap(s -> s.record().clientId(), StoredSession::record));
    }

    /** The session's whole log with its messages, in sequence order, as {@link SessionStore#loadOutbound} reads it. */
    protected final List<OutboundEntry> log(String clientId) {
        return store.loadOutbound(clientId, only(clientId).log().sequences());
    }

    protected final StoredSession only(String clientId) {
        StoredSession s = sessions().get(clientId);
        assertThat(s).as("session %s", clientId).isNotNull();
        return s;
    }
}
