package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each durability policy does with the write-ahead log, and that every one keeps data over a clean close. */
class DurabilityPolicyTest {
    @TempDir
    Path dir;

    private RocksDbSessionStore open(DurabilityPolicy policy) {
        return RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir.resolve("store")).durability(policy)
                .syncInterval(Duration.ofMillis(20)).build());
    }

    private static ApplicationMessage message() {
        return new ApplicationMessage("t", new byte[64], Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null);
    }

    @ParameterizedTest
    @EnumSource(DurabilityPolicy.class)
    void everyPolicyKeepsWhatWasWrittenOverACleanClose(DurabilityPolicy policy) {
        try (RocksDbSessionStore store = open(policy)) {
            store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
            store.appendOutbound("c", OutboundEntry.queued(1, message(), Qos.AT_LEAST_ONCE, false, List.of()));
        }
        try (RocksDbSessionStore store = open(policy)) {
            assertThat(StoreContents.log(store, "c")).hasSize(1);
        }
    }

    @Test
    void syncFsyncsTheLogOnceForEveryWriteBeforeIt() {
        try (RocksDbSessionStore store = open(DurabilityPolicy.SYNC)) {
            long before = store.writeCounters().walSyncs();
            for (int i = 0; i < 3; i++) {
                store.saveSession(new SessionRecord("c" + i, MqttVersion.V5, 60, null, null));
            }
            assertThat(store.writeCounters().walSyncs()).as("a write alone does not fsync").isEqualTo(before);
            store.sync();
            assertThat(store.writeCounters().walSyncs()).as("one fsync for three writes").isEqualTo(before + 1);
            store.sync();
            assertThat(store.writeCounters().walSyncs()).as("nothing pending, no fsync").isEqualTo(before + 1);
        }
    }

    @Test
    void syncDoesNotFsyncWhatNoAcknowledgementWaitsForUnlessAsked() {
        for (boolean syncAll : new boolean[] {false, true}) {
            try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(
                    dir.resolve("store-" + syncAll)).syncAllWrites(syncAll).build())) {
                OutboundEntry qos1 = OutboundEntry.queued(1, message(), Qos.AT_LEAST_ONCE, false, List.of());
                OutboundEntry qos2 = OutboundEntry.queued(2, message(), Qos.EXACTLY_ONCE, false, List.of());
                store.appendFanOut(List.of(new SessionEntry("c", qos1), new SessionEntry("c", qos2)));
                store.sync();
                long before = store.writeCounters().walSyncs();
                store.updateOutbound("c", qos1.sent(1));
                store.deleteOutbound("c", 1);
                store.sync();
                assertThat(store.writeCounters().walSyncs() - before).as("QoS 1 sent and deleted, syncAll=%s",
                        syncAll).isEqualTo(syncAll ? 1 : 0);
                store.updateOutbound("c", qos2.sent(2));
                store.updateOutbound("c", qos2.sent(2).pubRelSent());
                store.sync();
                assertThat(store.writeCounters().walSyncs() - before).as("QoS 2 state changes, syncAll=%s", syncAll)
                        .isEqualTo(syncAll ? 2 : 1);
            }
        }
    }

    @Test
    void noneNeverFsyncsTheLogWhileOpen() {
        try (RocksDbSessionStore store = open(DurabilityPolicy.NONE)) {
            for (int i = 0; i < 20; i++) {
                store.saveSession(new SessionRecord("c" + i, MqttVersion.V5, 60, null, null));
                store.sync();
            }
            assertThat(store.writeCounters().walSyncs()).isZero();
            assertThat(store.writeCounters().writes()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void intervalFsyncsTheLogInTheBackgroundAndNotOnSync() {
        try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir.resolve("store"))
                .durability(DurabilityPolicy.INTERVAL).syncInterval(Duration.ofHours(1)).build())) {
            store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
            store.sync();
            assertThat(store.writeCounters().walSyncs()).as("not by the write or sync()").isZero();
        }
        try (RocksDbSessionStore store = open(DurabilityPolicy.INTERVAL)) {
            store.saveSession(new SessionRecord("d", MqttVersion.V5, 60, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.writeCounters().walSyncs() > 0);
        }
    }

    @Test
    void intervalNeedsAPositiveInterval() {
        assertThatThrownBy(() -> RocksDbStoreConfig.builder(dir).durability(DurabilityPolicy.INTERVAL)
                .syncInterval(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncInterval");
    }

    @Test
    void concurrentWritersSyncingAfterEachWriteShareFsyncs() throws Exception {
        int threads = 8;
        int writesPerThread = 100;
        try (RocksDbSessionStore store = open(DurabilityPolicy.SYNC)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            RocksDbSessionStore.WriteCounters before = store.writeCounters();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String id = "lane" + t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (long seq = 1; seq <= writesPerThread; seq++) {
                            store.appendOutbound(id, OutboundEntry.queued(seq, message(), Qos.AT_LEAST_ONCE, false,
                                    List.of()));
                            store.sync();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
            }
            RocksDbSessionStore.WriteCounters after = store.writeCounters();
            long writes = after.writes() - before.writes();
            long syncs = after.walSyncs() - before.walSyncs();
            assertThat(writes).isEqualTo((long) threads * writesPerThread);
            assertThat(syncs).as("fsyncs for %d concurrent writes", writes).isLessThan(writes * 3 / 4);
        }
    }
}
