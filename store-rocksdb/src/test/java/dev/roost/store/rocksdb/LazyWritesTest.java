package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lazy changes (an entry marked SENT, an entry deleted) wait with their thread and are written in one batch with its
 * next {@code sync()}, log write or read, or on close; the thread reads its own changes, and a payload stays stored
 * until every entry referring to it is deleted on disk.
 */
class LazyWritesTest {
    @TempDir
    Path dir;
    private RocksDbSessionStore store;

    @BeforeEach
    void open() {
        store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir.resolve("store")).build());
        for (String id : List.of("a", "b", "c")) {
            store.saveSession(new SessionRecord(id, MqttVersion.V5, 60, null, null));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void reopen() {
        store.close();
        store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir.resolve("store")).build());
    }

    private long writes() {
        return store.writeCounters().writes();
    }

    private static ApplicationMessage message(String payload) {
        return new ApplicationMessage("t", payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false,
                MessageProperties.NONE, "p", null);
    }

    private static OutboundEntry entry(long seq, ApplicationMessage m) {
        return OutboundEntry.queued(seq, m, Qos.AT_LEAST_ONCE, false, List.of());
    }

    /** Runs {@code task} on a thread of its own, as another lane would, and returns its result. */
    private static <T> T onAnotherThread(Callable<T> task) throws Exception {
        ExecutorService lane = Executors.newSingleThreadExecutor();
        try {
            return lane.submit(task).get(30, TimeUnit.SECONDS);
        } finally {
            lane.shutdown();
        }
    }

    @Test
    void aThreadReadsItsOwnLazyChangesBeforeAnyIsWritten() {
        store.appendOutbound("c", entry(1, message("one")));
        store.appendOutbound("c", entry(2, message("two")));
        store.sync();
        long before = writes();
        store.updateOutbound("c", entry(1, message("one")).sent(7));
        store.deleteOutbound("c", 2);
        assertThat(writes()).as("nothing written yet").isEqualTo(before);

        assertThat(store.loadOutbound("c", new long[] {1, 2})).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(OutboundEntry.State.SENT);
            assertThat(e.packetId()).isEqualTo(7);
        });
        assertThat(writes()).as("both changes in one write, before the read").isEqualTo(before + 1);
    }

    @Test
    void syncWritesAllOfAThreadsLazyChangesInOneBatch() {
        for (long seq = 1; seq <= 50; seq++) {
            store.appendOutbound("c", entry(seq, message("m" + seq)));
        }
        store.sync();
        long before = writes();
        for (long seq = 1; seq <= 50; seq++) {
            store.updateOutbound("c", entry(seq, message("m" + seq)).sent((int) seq));
        }
        for (long seq = 1; seq <= 25; seq++) {
            store.deleteOutbound("c", seq);
        }
        store.sync();
        assertThat(writes() - before).isEqualTo(1);

        reopen();
        assertThat(StoreContents.log(store, "c")).hasSize(25)
                .allMatch(e -> e.sequence() > 25 && e.state() == OutboundEntry.State.SENT);
        assertThat(store.storedMessageCount()).isEqualTo(25);
    }

    @Test
    void anAppendCarriesTheLazyChangesMadeBeforeIt() {
        store.appendOutbound("c", entry(1, message("one")));
        store.sync();
        long before = writes();
        store.deleteOutbound("c", 1);
        store.appendOutbound("c", entry(2, message("two")));
        assertThat(writes() - before).isEqualTo(1);

        reopen();
        assertThat(StoreContents.log(store, "c")).extracting(OutboundEntry::sequence).containsExactly(2L);
        assertThat(store.storedMessageCount()).isEqualTo(1);
    }

    @Test
    void closeWritesTheLazyChangesOfEveryThread() throws Exception {
        ApplicationMessage shared = message("shared");
        store.appendFanOut(List.of(new SessionEntry("a", entry(1, shared)), new SessionEntry("b", entry(2, shared)),
                new SessionEntry("c", entry(3, message("own")))));
        onAnotherThread(() -> {
            store.updateOutbound("a", entry(1, shared).sent(1));
            store.deleteOutbound("b", 2);
            store.deleteOutbound("c", 3);
            return null; // no sync(): only close() writes them
        });

        reopen();
        assertThat(StoreContents.log(store, "a")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(OutboundEntry.State.SENT));
        assertThat(StoreContents.log(store, "b")).isEmpty();
        assertThat(StoreContents.log(store, "c")).isEmpty();
        assertThat(store.storedMessageCount()).as("the shared message, still referred to by a").isEqualTo(1);
    }

    @Test
    void aPayloadStaysUntilEveryEntryReferringToItIsDeletedOnDisk() throws Exception {
        ApplicationMessage shared = message("shared");
        store.appendFanOut(List.of(new SessionEntry("a", entry(1, shared)), new SessionEntry("b", entry(2, shared))));
        ExecutorService laneOfA = Executors.newSingleThreadExecutor();
        try {
            laneOfA.submit(() -> store.deleteOutbound("a", 1)).get(30, TimeUnit.SECONDS);
            store.deleteOutbound("b", 2);
            store.sync();
            // a's entry is still on disk, its delete held by a's lane: the payload it refers to must be there too.
            List<OutboundEntry> stillOnDisk = onAnotherThread(() -> store.loadOutbound("a", new long[] {1}));
            assertThat(stillOnDisk).singleElement()
                    .satisfies(e -> assertThat(new String(e.message().payload(), StandardCharsets.UTF_8))
                            .isEqualTo("shared"));

            laneOfA.submit(store::sync).get(30, TimeUnit.SECONDS);
            assertThat(store.storedMessageCount()).isZero();
        } finally {
            laneOfA.shutdown();
        }
        reopen();
        assertThat(StoreContents.log(store, "a")).isEmpty();
        assertThat(store.storedMessageCount()).isZero();
    }

    @Test
    void anUpdateAfterALazyDeleteOfTheSameEntryStoresItAgain() {
        ApplicationMessage m = message("again");
        store.appendOutbound("c", entry(1, m));
        store.deleteOutbound("c", 1);
        store.updateOutbound("c", entry(1, m).sent(3));
        store.sync();
        assertThat(StoreContents.log(store, "c")).singleElement()
                .satisfies(e -> assertThat(e.packetId()).isEqualTo(3));
        assertThat(store.storedMessageCount()).isEqualTo(1);

        store.deleteOutbound("c", 1);
        assertThat(store.storedMessageCount()).isZero();
    }

    @Test
    void aDeletedSessionsEntriesAreNoLongerTakenForStored() {
        ApplicationMessage shared = message("shared");
        store.appendFanOut(List.of(new SessionEntry("a", entry(1, shared)), new SessionEntry("b", entry(2, shared))));
        store.updateOutbound("a", entry(1, shared).sent(1)); // remembered as stored, referring to the shared message
        store.sync();
        store.deleteSession("a");
        store.saveSession(new SessionRecord("a", MqttVersion.V5, 60, null, null));
        store.deleteOutbound("a", 1); // gone with the session: must not release the shared message again
        store.sync();

        assertThat(store.storedMessageCount()).isEqualTo(1);
        reopen();
        assertThat(StoreContents.log(store, "b")).singleElement()
                .satisfies(e -> assertThat(e.message().payload()).isEqualTo(shared.payload()));
    }
}
