package dev.roost.store.rocksdb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RocksDbSessionStore} is opened. Immutable and thread-safe; {@link #newBuilder()} makes a variant.
 *
 * @param path the store's directory; created if missing
 * @param durability when writes reach the disk; {@link DurabilityPolicy#SYNC} by default
 * @param syncAllWrites under {@link DurabilityPolicy#SYNC}, whether the writes no acknowledgement waits for are
 *     fsynced too: deleting an outbound entry (after PUBACK/PUBCOMP, a drop) and a QoS 0/1 entry's state change. By
 *     default (false) they are not, and become durable with the next fsync: a crash may only bring back an entry that
 *     was already done with, which is then sent again (a QoS 1 duplicate, or a PUBREL the client answers anyway)
 * @param syncInterval how often {@link DurabilityPolicy#INTERVAL} fsyncs the write-ahead log; 100 ms by default
 * @param compactionInterval how often the outbound log and message column families are compacted in the background,
 *     so that deleted entries stop taking space and slowing scans; {@link Duration#ZERO} for never; 1 h by default
 * @param recoveryBackoff after a write failed with an I/O error (a full disk), how long the store waits before trying
 *     to reopen the database; writes in between fail at once; 1 s by default
 * @param clock the time source for the recovery backoff
 */
public record RocksDbStoreConfig(Path path, DurabilityPolicy durability, boolean syncAllWrites, Duration syncInterval,
                                 Duration compactionInterval, Duration recoveryBackoff, Clock clock) {

    public RocksDbStoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clock, "clock");
        requireNotNegative(syncInterval, "syncInterval");
        requireNotNegative(compactionInterval, "compactionInterval");
        requireNotNegative(recoveryBackoff, "recoveryBackoff");
        if (durability == DurabilityPolicy.INTERVAL && syncInterval.isZero()) {
            throw new IllegalArgumentException("the INTERVAL durability policy needs a positive syncInterval");
        }
    }

    /** The defaults for a store at {@code path}: SYNC durability. */
    public static RocksDbStoreConfig of(Path path) {
        return builder(path).build();
    }

    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** A builder that starts from this configuration. */
    public Builder newBuilder() {
        return new Builder(path).durability(durability).syncAllWrites(syncAllWrites).syncInterval(syncInterval)
                .compactionInterval(compactionInterval).recoveryBackoff(recoveryBackoff).clock(clock);
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    /** Builds a {@link RocksDbStoreConfig}. Not thread-safe. */
    public static final class Builder {
        private Path path;
        private DurabilityPolicy durability = DurabilityPolicy.SYNC;
        private boolean syncAllWrites;
        private Duration syncInterval = Duration.ofMillis(100);
        private Duration compactionInterval = Duration.ofHours(1);
        private Duration recoveryBackoff = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder(Path path) {
            this.path = path;
        }

        public Builder path(Path path) {
            this.path = path;
            return this;
        }

        public Builder durability(DurabilityPolicy durability) {
            this.durability = durability;
            return this;
        }

        public Builder syncAllWrites(boolean syncAllWrites) {
            this.syncAllWrites = syncAllWrites;
            return this;
        }

        public Builder syncInterval(Duration syncInterval) {
            this.syncInterval = syncInterval;
            return this;
        }

        public Builder compactionInterval(Duration compactionInterval) {
            this.compactionInterval = compactionInterval;
            return this;
        }

        public Builder recoveryBackoff(Duration recoveryBackoff) {
            this.recoveryBackoff = recoveryBackoff;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public RocksDbStoreConfig build() {
            return new RocksDbStoreConfig(path, durability, syncAllWrites, syncInterval, compactionInterval,
                    recoveryBackoff, clock);
        }
    }
}
