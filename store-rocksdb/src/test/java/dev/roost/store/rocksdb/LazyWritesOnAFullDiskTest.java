package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Env;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileManager;

/**
 * Lazy changes whose write fails on a full disk are dropped as a crash would drop them: the entries and the payloads
 * they refer to stay as they were, and the reference counts stay exact (the payloads go with the last entry deleted
 * afterwards, and the store opens cleanly). The disk is a table-file space cap, as in {@link FullDiskTest}.
 */
class LazyWritesOnAFullDiskTest {
    private static final Duration BACKOFF = Duration.ofSeconds(5);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(2);
    /** More pairs than the appends of 64 KiB that fill the cap (some 250: a 16 MiB memtable, then a flush). */
    private static final int PAIRS = 1_000;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private final Random random = new Random(42);

    private RocksDbStoreConfig config() {
        return RocksDbStoreConfig.builder(dir.resolve("store")).durability(DurabilityPolicy.NONE)
                .recoveryBackoff(BACKOFF).clock(clock).build();
    }

    @Test
    void aBatchOfLazyChangesThatFailsLeavesTheEntriesAndTheirPayloadsAsTheyWere() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            RocksDB.loadLibrary();
            int failedAt = -1;
            boolean appendFailed = false;
            try (SstFileManager tableFiles = new SstFileManager(Env.getDefault())) {
                try (RocksDbSessionStore store = RocksDbSessionStore.open(config(), tableFiles)) {
                    sessions(store, "a", "b", "filler");
                    for (int i = 0; i < PAIRS; i++) {
                        fanOutToAAndB(store, i);
                    }
                    store.sync();
                    tableFiles.setMaxAllowedSpaceUsage(1L << 20);
                    int appended = 0;
                    for (int i = 0; i < PAIRS && failedAt < 0; i++) {
                        store.deleteOutbound("a", seqInA(i));
                        store.deleteOutbound("b", seqInB(i));
                        try { // the append carries both deletes in its batch
                            store.appendOutbound("filler", entry(1_000_000 + i, bytes(64 * 1024)));
                        } catch (StoreWriteException e) {
                            failedAt = i;
                            appendFailed = true;
                            break;
                        }
                        appended++;
                        try { // the pair's payload, now without entries, goes with this batch
                            store.sync();
                        } catch (StoreWriteException e) {
                            failedAt = i;
                        }
                    }
                    assertThat(failedAt).as("a write failed").isPositive();
                    byte[] failedPayload = payload(failedAt);
                    // A failed append leaves the pair's entries and payload as they were; a failed sync() only a
                    // payload without entries, which the reopen below removes. Never an entry without its payload.
                    int first = appendFailed ? failedAt : failedAt + 1;
                    if (appendFailed) {
                        assertThat(store.loadOutbound("a", new long[] {seqInA(failedAt)})).singleElement()
                                .satisfies(e -> assertThat(e.message().payload()).isEqualTo(failedPayload));
                    } else {
                        assertThat(store.loadOutbound("a", new long[] {seqInA(failedAt)})).isEmpty();
                    }

                    tableFiles.setMaxAllowedSpaceUsage(0);
                    clock.advance(BACKOFF);
                    store.saveSession(new SessionRecord("d", MqttVersion.V5, 60, null, null)); // reopens it
                    assertThat(remaining(store, "a", first, seqInA(0))).isTrue();
                    assertThat(remaining(store, "b", first, seqInB(0))).isTrue();
                    assertThat(store.storedMessageCount()).isEqualTo(PAIRS - first + appended);

                    store.deleteSession("filler");
                    for (int i = first; i < PAIRS; i++) {
                        store.deleteOutbound("a", seqInA(i));
                        if (i == first || i % 100 == 0) {
                            assertThat(store.storedMessageCount()).as("b still refers to pair %d", i)
                                    .isEqualTo(PAIRS - i);
                        }
                        store.deleteOutbound("b", seqInB(i));
                    }
                    assertThat(store.storedMessageCount()).isZero();
                }
            }
            try (RocksDbSessionStore store = RocksDbSessionStore.open(config())) {
                assertThat(StoreContents.log(store, "a")).isEmpty();
                assertThat(store.storedMessageCount()).isZero();
            }
        });
    }

    @Test
    void syncThrowsWhileTheLazyChangesItHoldsCannotBeWrittenAndTheStoreKeepsTheEntries() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            RocksDB.loadLibrary();
            try (SstFileManager tableFiles = new SstFileManager(Env.getDefault())) {
                try (RocksDbSessionStore store = RocksDbSessionStore.open(config(), tableFiles)) {
                    sessions(store, "a", "b", "filler");
                    fanOutToAAndB(store, 0);
                    store.sync();
                    store.deleteOutbound("a", seqInA(0)); // held by this thread
                    tableFiles.setMaxAllowedSpaceUsage(1L << 20);
                    fillOnAnotherThread(store);

                    assertThatThrownBy(store::sync).isInstanceOf(StoreWriteException.class)
                            .hasMessageContaining("is not taking writes since an earlier write failed");

                    tableFiles.setMaxAllowedSpaceUsage(0);
                    clock.advance(BACKOFF);
                    store.sync(); // reopens the store; the change held since before is dropped with the old database
                    assertThat(StoreContents.log(store, "a")).extracting(OutboundEntry::sequence)
                            .containsExactly(seqInA(0));
                    store.deleteOutbound("a", seqInA(0));
                    store.deleteSession("filler");
                    assertThat(store.storedMessageCount()).as("b still refers to it").isEqualTo(1);
                    store.deleteOutbound("b", seqInB(0));
                    assertThat(store.storedMessageCount()).isZero();
                }
            }
            try (RocksDbSessionStore store = RocksDbSessionStore.open(config())) {
                assertThat(StoreContents.log(store, "a")).isEmpty();
                assertThat(store.storedMessageCount()).isZero();
            }
        });
    }

    private static void sessions(RocksDbSessionStore store, String... ids) {
        for (String id : ids) {
            store.saveSession(new SessionRecord(id, MqttVersion.V5, 60, null, null));
        }
    }

    /** Pair {@code i}: one small message in an entry of a and one of b. */
    private static void fanOutToAAndB(RocksDbSessionStore store, int i) {
        ApplicationMessage m = message(payload(i));
        store.appendFanOut(List.of(new SessionEntry("a", OutboundEntry.queued(seqInA(i), m, Qos.AT_LEAST_ONCE,
                false, List.of())), new SessionEntry("b", OutboundEntry.queued(seqInB(i), m, Qos.AT_LEAST_ONCE,
                false, List.of()))));
    }

    /** Whether the session's log holds exactly the pairs from {@code from} on. */
    private static boolean remaining(RocksDbSessionStore store, String id, int from, long firstSeq) {
        List<Long> expected = LongStream.range(from, PAIRS).map(i -> firstSeq + 2 * i).boxed().toList();
        return StoreContents.log(store, id).stream().map(OutboundEntry::sequence).toList().equals(expected);
    }

    /** Appends incompressible 64 KiB messages from another thread until the store refuses one. */
    private void fillOnAnotherThread(RocksDbSessionStore store) throws Exception {
        ExecutorService filler = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> refused = filler.submit(() -> {
                for (long seq = 1_000_000; seq < 1_001_000; seq++) {
                    try {
                        store.appendOutbound("filler", entry(seq, bytes(64 * 1024)));
                    } catch (StoreWriteException e) {
                        return true;
                    }
                }
                return false;
            });
            assertThat(refused.get(60, TimeUnit.SECONDS)).as("a write was refused").isTrue();
        } finally {
            filler.shutdown();
        }
    }

    private static long seqInA(int pair) {
        return 2L * pair + 1;
    }

    private static long seqInB(int pair) {
        return 2L * pair + 2;
    }

    private static byte[] payload(int pair) {
        return ("pair-" + pair).getBytes(StandardCharsets.UTF_8);
    }

    private static ApplicationMessage message(byte[] payload) {
        return new ApplicationMessage("t", payload, Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null);
    }

    private static OutboundEntry entry(long seq, byte[] payload) {
        return OutboundEntry.queued(seq, message(payload), Qos.AT_LEAST_ONCE, false, List.of());
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
