package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.testkit.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A full disk makes writes fail with {@link StoreWriteException} instead of losing them silently, and the store takes
 * writes again once there is space. Needs a small file system it may fill, so it runs only when asked:
 * {@code -Droost.test.smallDisk=/mnt/small} (e.g. {@code mount -t tmpfs -o size=16m tmpfs /mnt/small}).
 */
@EnabledIfSystemProperty(named = "roost.test.smallDisk", matches = ".+")
class FullDiskTest {

    @Test
    void writesFailWhileTheDiskIsFullAndSucceedOnceSpaceReturns() throws IOException {
        Path root = Path.of(System.getProperty("roost.test.smallDisk"));
        Path path = root.resolve("store-" + UUID.randomUUID());
        Path filler = root.resolve("filler-" + UUID.randomUUID());
        ManualClock clock = new ManualClock();
        RocksDbStoreConfig config = RocksDbStoreConfig.builder(path).recoveryBackoff(Duration.ofSeconds(5))
                .clock(clock).build();
        long stored = 0;
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
            fill(filler);
            StoreWriteException refused = null;
            while (refused == null && stored < 100_000) {
                try {
                    store.appendOutbound("c", entry(stored + 1));
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
            assertThatThrownBy(() -> store.appendOutbound("c", entry(1_000_000)))
                    .isInstanceOf(StoreWriteException.class)
                    .hasMessageContaining("is not taking writes since an earlier write failed");

            // After the backoff the store reopens the database, which may reclaim space RocksDB had preallocated:
            // writes succeed or fail with StoreWriteException, nothing else, until the disk is really full.
            int failuresInARow = 0;
            for (int i = 0; i < 20_000 && failuresInARow < 3; i++) {
                clock.advance(Duration.ofSeconds(5));
                try {
                    store.appendOutbound("c", entry(stored + 1));
                    stored++;
                    failuresInARow = 0;
                } catch (StoreWriteException stillFull) {
                    assertThat(stillFull.isOutOfSpace()).isTrue();
                    failuresInARow++;
                }
            }
            assertThat(failuresInARow).as("writes fail again once the disk is really full").isEqualTo(3);

            Files.delete(filler);
            clock.advance(Duration.ofSeconds(5));
            store.appendOutbound("c", entry(stored + 1));
            stored++;
        }
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            List<OutboundEntry> log = store.loadSessions().get(0).log();
            assertThat(log).extracting(OutboundEntry::sequence).contains(stored, 1L);
            assertThat(log.size()).isGreaterThanOrEqualTo((int) stored);
        } finally {
            Files.deleteIfExists(filler);
        }
    }

    private static OutboundEntry entry(long seq) {
        return OutboundEntry.queued(seq, new ApplicationMessage("t", new byte[4096], Qos.AT_LEAST_ONCE, false,
                MessageProperties.NONE, "p", null), Qos.AT_LEAST_ONCE, false, List.of());
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
}
