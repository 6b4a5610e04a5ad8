package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.testkit.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Env;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;

/**
 * Running out of space makes writes fail with {@link StoreWriteException} instead of losing them silently, and the
 * store takes writes again once there is space.
 *
 * <p>As root the test mounts a 16 MiB tmpfs of its own and really fills it. Without root it cannot, and RocksDB's
 * {@link SstFileManager} space cap stands in for the disk, which proves less: RocksDB reports the cap as an I/O error
 * with sub-code {@code SpaceLimit}, not {@code NoSpace}, and it only counts table files, so a write fails at the first
 * memtable flush past the cap rather than when the write-ahead log cannot grow. That variant runs as every user.
 */
class FullDiskTest {
    private static final Duration BACKOFF = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Far above the few seconds each variant takes; a RocksDB hang fails the test instead of the build's time. */
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @TestFactory
    List<DynamicTest> writesFailWhileOutOfSpaceAndSucceedOnceSpaceReturns() {
        List<DynamicTest> tests = new ArrayList<>();
        if (CurrentUser.isRoot()) {
            tests.add(DynamicTest.dynamicTest("on a full 16 MiB tmpfs of its own (as root)", this::onAFullTmpfs));
        }
        tests.add(DynamicTest.dynamicTest("with its table files over an SstFileManager space cap",
                () -> assertTimeoutPreemptively(TEST_TIMEOUT, this::overATableFileSpaceCap)));
        return tests;
    }

    private void onAFullTmpfs() throws IOException, InterruptedException {
        Path root = Files.createDirectory(dir.resolve("small-disk"));
        mountTmpfs(root);
        try {
            assertTimeoutPreemptively(TEST_TIMEOUT, () -> fillAndFree(root));
        } finally {
            unmount(root);
        }
    }

    private static void fillAndFree(Path root) throws IOException {
        Path path = root.resolve("store");
        Path filler = root.resolve("filler");
        ManualClock clock = new ManualClock();
        RocksDbStoreConfig config = RocksDbStoreConfig.builder(path).recoveryBackoff(BACKOFF).clock(clock).build();
        long stored = 0;
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
            fill(filler);
            StoreWriteException refused = null;
            while (refused == null && stored < 100_000) {
                try {
                    store.appendOutbound("c", entry(stored + 1, new byte[4096]));
                    stored++;
                } catch (StoreWriteException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("a write failed after %d succeeded", stored).isNotNull();
            assertThat(refused.isOutOfSpace()).isTrue();
            assertThat(refused.path()).isEqualTo(path);
            assertThat(refused).hasMessageContaining("the disk is full");
            // Until the backoff has passed, writes fail at once.
            assertThatThrownBy(() -> store.appendOutbound("c", entry(1_000_000, new byte[4096])))
                    .isInstanceOf(StoreWriteException.class)
                    .hasMessageContaining("is not taking writes since an earlier write failed");

            // After the backoff the store reopens the database, which may reclaim space RocksDB had preallocated:
            // writes succeed or fail with StoreWriteException, nothing else, until the disk is really full.
            int failuresInARow = 0;
            for (int i = 0; i < 20_000 && failuresInARow < 3; i++) {
                clock.advance(BACKOFF);
                try {
                    store.appendOutbound("c", entry(stored + 1, new byte[4096]));
                    stored++;
                    failuresInARow = 0;
                } catch (StoreWriteException stillFull) {
                    assertThat(stillFull.isOutOfSpace()).isTrue();
                    failuresInARow++;
                }
            }
            assertThat(failuresInARow).as("writes fail again once the disk is really full").isEqualTo(3);

            Files.delete(filler);
            clock.advance(BACKOFF);
            store.appendOutbound("c", entry(stored + 1, new byte[4096]));
            stored++;
        }
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            List<OutboundEntry> log = StoreContents.log(store, "c");
            assertThat(log).extracting(OutboundEntry::sequence).contains(stored, 1L);
            assertThat(log.size()).isGreaterThanOrEqualTo((int) stored);
        }
    }

    /**
     * The cap is lifted before the store reopens the database: a second space error in a later database that shares
     * the {@link SstFileManager} can hang RocksDB (the new error waits, holding the database mutex, for the recovery
     * thread of the earlier one, which waits for space), so "still full after a reopen" is left to the tmpfs variant.
     */
    private void overATableFileSpaceCap() throws IOException, RocksDBException {
        Path path = dir.resolve("capped-store");
        ManualClock clock = new ManualClock();
        RocksDbStoreConfig config = RocksDbStoreConfig.builder(path).recoveryBackoff(BACKOFF).clock(clock).build();
        Random random = new Random(42);
        long stored = 0;
        RocksDB.loadLibrary();
        try (SstFileManager tableFiles = new SstFileManager(Env.getDefault())) {
            tableFiles.setMaxAllowedSpaceUsage(1L << 20);
            try (RocksDbSessionStore store = RocksDbSessionStore.open(config, tableFiles)) {
                store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
                StoreWriteException refused = null;
                // 64 KiB payloads that do not compress: a 16 MiB memtable is flushed after some 250 of them.
                while (refused == null && stored < 1_000) {
                    try {
                        store.appendOutbound("c", entry(stored + 1, randomBytes(random, 64 * 1024)));
                        stored++;
                    } catch (StoreWriteException e) {
                        refused = e;
                    }
                }
                assertThat(refused).as("a write failed after %d succeeded", stored).isNotNull();
                assertThat(refused.path()).isEqualTo(path);
                assertThat(refused).hasMessageContaining("Could not write to the session store at " + path)
                        .hasMessageContaining("Max allowed space was reached")
                        .hasMessageContaining("the change was not stored");
                assertThat(tableFiles.isMaxAllowedSpaceReached()).isTrue();
                // Until the backoff has passed, writes fail at once, even with space.
                tableFiles.setMaxAllowedSpaceUsage(0);
                assertThatThrownBy(() -> store.appendOutbound("c", entry(1_000_000, new byte[16])))
                        .isInstanceOf(StoreWriteException.class)
                        .hasMessageContaining("is not taking writes since an earlier write failed");

                clock.advance(BACKOFF);
                store.appendOutbound("c", entry(stored + 1, randomBytes(random, 64 * 1024)));
                stored++;
            }
        }
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            assertThat(StoreContents.log(store, "c")).extracting(OutboundEntry::sequence)
                    .as("every acknowledged write, and nothing else").containsExactlyElementsOf(
                            LongStream.rangeClosed(1, stored).boxed().toList());
        }
    }

    private static OutboundEntry entry(long seq, byte[] payload) {
        return OutboundEntry.queued(seq, new ApplicationMessage("t", payload, Qos.AT_LEAST_ONCE, false,
                MessageProperties.NONE, "p", null), Qos.AT_LEAST_ONCE, false, List.of());
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code filler} until the file system has no space left. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (;;) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left");
        }
    }

    private void mountTmpfs(Path mountPoint) throws IOException, InterruptedException {
        CommandResult mount = CommandResult.run(dir, COMMAND_TIMEOUT,
                List.of("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mountPoint.toString()));
        assertThat(mount.succeeded()).as("As root, FullDiskTest fills a tmpfs of its own, which could not be mounted"
                + " (a container without CAP_SYS_ADMIN?); as a normal user it uses only the SstFileManager"
                + " stand-in. %s", mount).isTrue();
    }

    /** Unmounts {@code mountPoint}, detaching it lazily if it is busy so that no mount outlives the test. */
    private void unmount(Path mountPoint) throws IOException, InterruptedException {
        CommandResult umount = CommandResult.run(dir, COMMAND_TIMEOUT, List.of("umount", mountPoint.toString()));
        if (!umount.succeeded()) {
            CommandResult lazy = CommandResult.run(dir, COMMAND_TIMEOUT,
                    List.of("umount", "--lazy", mountPoint.toString()));
            throw new AssertionError("could not unmount the test's tmpfs: " + umount + "; lazily: " + lazy);
        }
    }
}
