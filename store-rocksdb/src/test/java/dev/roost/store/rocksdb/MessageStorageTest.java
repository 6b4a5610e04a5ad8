package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.broker.core.store.StoredLog;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A payload is stored once however many entries refer to it, and goes with the last of them. */
class MessageStorageTest {
    @TempDir
    Path dir;
    private RocksDbSessionStore store;

    @BeforeEach
    void open() {
        store = open(DurabilityPolicy.SYNC);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RocksDbSessionStore open(DurabilityPolicy policy) {
        return RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir.resolve("store")).durability(policy).build());
    }

    private void reopen() {
        store.close();
        store = open(DurabilityPolicy.SYNC);
    }

    private static ApplicationMessage message(int payloadBytes) {
        return new ApplicationMessage("t", new byte[payloadBytes], Qos.AT_LEAST_ONCE, false, MessageProperties.NONE,
                "p", null);
    }

    private static OutboundEntry entry(long seq, ApplicationMessage m) {
        return OutboundEntry.queued(seq, m, Qos.AT_LEAST_ONCE, false, List.of());
    }

    private List<String> sessions(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("s" + i);
            store.saveSession(new SessionRecord("s" + i, MqttVersion.V5, 60, null, null));
        }
        return ids;
    }

    @Test
    void aFanOutStoresThePayloadOnceAndTheLastAckDeletesIt() {
        List<String> ids = sessions(100);
        ApplicationMessage m = message(1000);
        List<SessionEntry> fanOut = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            fanOut.add(new SessionEntry(ids.get(i), entry(i + 1, m)));
        }
        store.appendFanOut(fanOut);
        assertThat(store.storedMessageCount()).isEqualTo(1);
        for (int i = 0; i < ids.size() - 1; i++) {
            store.deleteOutbound(ids.get(i), i + 1);
        }
        assertThat(store.storedMessageCount()).isEqualTo(1);
        store.deleteOutbound(ids.get(99), 100);
        assertThat(store.storedMessageCount()).isZero();
    }

    @Test
    void separateAppendsOfOneMessageObjectShareTheStoredPayload() {
        sessions(3);
        ApplicationMessage m = message(10);
        store.appendOutbound("s0", entry(1, m));
        store.appendOutbound("s1", entry(2, m));
        store.updateOutbound("s1", entry(2, m).sent(4));
        store.appendOutbound("s2", entry(3, message(10)));
        assertThat(store.storedMessageCount()).isEqualTo(2);
    }

    @Test
    void aPagedInMessageAppendedToAnotherSessionSharesTheStoredPayload() {
        sessions(3);
        store.appendFanOut(List.of(new SessionEntry("s0", entry(1, message(10))),
                new SessionEntry("s1", entry(2, message(20)))));
        reopen();
        List<OutboundEntry> page = store.loadOutbound("s0", new long[] {1});
        store.appendOutbound("s2", entry(3, page.get(0).message()));
        assertThat(store.storedMessageCount()).isEqualTo(2);
        store.deleteOutbound("s0", 1);
        assertThat(store.loadOutbound("s2", new long[] {3})).singleElement()
                .satisfies(e -> assertThat(e.message().payload()).hasSize(10));
    }

    @Test
    void queuedPayloadSizesComeFromTheScanAtOpenThenFromTheMessages() {
        sessions(2);
        ApplicationMessage shared = message(300);
        store.appendFanOut(List.of(new SessionEntry("s0", entry(1, shared)), new SessionEntry("s1", entry(2, shared))));
        store.appendOutbound("s0", entry(3, message(7)));
        store.appendOutbound("s1", entry(4, message(0)).sent(1));
        reopen();
        for (int load = 0; load < 2; load++) {
            Map<String, StoredLog> logs = new HashMap<>();
            store.loadSessions(s -> logs.put(s.record().clientId(), s.log()));
            assertThat(logs.get("s0").queuedCount()).isEqualTo(2);
            assertThat(List.of(logs.get("s0").queuedSize(0), logs.get("s0").queuedSize(1))).containsExactly(300, 7);
            assertThat(logs.get("s1").queuedCount()).isEqualTo(1);
            assertThat(logs.get("s1").queuedSize(0)).isEqualTo(300);
            assertThat(logs.get("s1").inflightCount()).isEqualTo(1);
        }
    }

    @Test
    void countsAreRebuiltAtStartUp() {
        sessions(2);
        ApplicationMessage m = message(10);
        store.appendFanOut(List.of(new SessionEntry("s0", entry(1, m)), new SessionEntry("s1", entry(2, m))));
        reopen();
        store.deleteOutbound("s0", 1);
        assertThat(store.storedMessageCount()).isEqualTo(1);
        reopen();
        store.deleteOutbound("s1", 2);
        assertThat(store.storedMessageCount()).isZero();
    }

    @Test
    void deletingSessionsDeletesTheMessagesOnlyTheyReferredTo() {
        sessions(2);
        ApplicationMessage shared = message(10);
        store.appendFanOut(List.of(new SessionEntry("s0", entry(1, shared)), new SessionEntry("s1", entry(2, shared))));
        store.appendOutbound("s0", entry(3, message(10)));
        store.deleteSession("s0");
        assertThat(store.storedMessageCount()).isEqualTo(1);
        store.deleteSession("s1");
        assertThat(store.storedMessageCount()).isZero();
    }

    @Test
    void startUpRemovesEntriesOfSessionsThatNoLongerExistAndTheirMessages() {
        sessions(1);
        store.deleteSession("s0");
        // A fan-out that matched s0 before it was deleted, written after.
        store.appendFanOut(List.of(new SessionEntry("s0", entry(1, message(10)))));
        store.saveSubscription("gone", new SessionSubscription(Subscription.of("x", Qos.AT_LEAST_ONCE), 0));
        assertThat(store.storedMessageCount()).isEqualTo(1);
        reopen();
        assertThat(store.storedMessageCount()).isZero();
        store.saveSession(new SessionRecord("s0", MqttVersion.V5, 60, null, null));
        store.saveSession(new SessionRecord("gone", MqttVersion.V5, 60, null, null));
        assertThat(StoreContents.sessions(store)).allSatisfy(s -> {
            assertThat(s.log()).isEqualTo(StoredLog.EMPTY);
            assertThat(s.subscriptions()).isEmpty();
        });
    }

    @Test
    void concurrentFanOutsAndAcksLeaveNoMessageBehind() throws Exception {
        List<String> ids = sessions(16);
        ExecutorService publishers = Executors.newFixedThreadPool(3);
        ExecutorService[] lanes = new ExecutorService[4];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor();
        }
        AtomicLong sequences = new AtomicLong(1);
        List<Future<?>> work = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> published = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                published.add(publishers.submit(() -> {
                    for (int n = 0; n < 100; n++) {
                        ApplicationMessage m = message(200);
                        List<SessionEntry> fanOut = new ArrayList<>();
                        for (String id : ids) {
                            fanOut.add(new SessionEntry(id, entry(sequences.getAndIncrement(), m)));
                        }
                        store.appendFanOut(fanOut);
                        for (SessionEntry e : fanOut) {
                            work.add(lanes[Math.floorMod(e.clientId().hashCode(), lanes.length)].submit(() -> {
                                store.updateOutbound(e.clientId(), e.entry().sent(1));
                                store.deleteOutbound(e.clientId(), e.entry().sequence());
                            }));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : published) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdown();
            for (ExecutorService lane : lanes) {
                lane.shutdown();
                assertThat(lane.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            }
        }
        for (Future<?> f : work) {
            f.get();
        }
        assertThat(store.storedMessageCount()).isZero();
        reopen();
        assertThat(store.storedMessageCount()).isZero();
        assertThat(StoreContents.sessions(store)).allSatisfy(s -> assertThat(s.log()).isEqualTo(StoredLog.EMPTY));
    }

    @Test
    void compactionGivesBackTheSpaceOfDeletedEntries() throws IOException {
        store.close();
        store = open(DurabilityPolicy.NONE);
        List<String> ids = sessions(10);
        Random random = new Random(42);
        long seq = 1;
        for (int n = 0; n < 1000; n++) {
            List<SessionEntry> fanOut = new ArrayList<>();
            byte[] incompressible = new byte[2000];
            random.nextBytes(incompressible);
            ApplicationMessage m = new ApplicationMessage("t", incompressible, Qos.AT_LEAST_ONCE, false,
                    MessageProperties.NONE, "p", null);
            for (String id : ids) {
                fanOut.add(new SessionEntry(id, entry(seq++, m)));
            }
            store.appendFanOut(fanOut);
        }
        store.compact();
        long full = tableBytes();
        for (String id : ids) {
            store.deleteSession(id);
        }
        store.sync(); // the payloads left without entries go with the thread's next batch, as at a lane's batch end
        store.compact();
        long empty = tableBytes();
        assertThat(full).as("about 1000 payloads of 2 kB, stored once").isBetween(2_000_000L, 4_000_000L);
        assertThat(empty).isLessThan(full / 50);
    }

    private long tableBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("store"))) {
            long total = 0;
            for (Path f : files.filter(f -> f.toString().endsWith(".sst")).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
