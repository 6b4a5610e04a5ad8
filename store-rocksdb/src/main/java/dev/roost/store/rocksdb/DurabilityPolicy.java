package dev.roost.store.rocksdb;

/**
 * When a write reaches the disk, and so what a crash can lose. See {@code docs/DURABILITY.md}.
 */
public enum DurabilityPolicy {
    /**
     * Every write returns only after its write-ahead-log record was fsynced; concurrent writers share one fsync (group
     * commit). Loses nothing that was acknowledged, on a process crash or on power loss. The default.
     */
    SYNC,
    /**
     * Writes go to the write-ahead log without waiting; a background thread fsyncs it at a fixed interval. A process
     * crash loses nothing; power loss loses at most the last interval.
     */
    INTERVAL,
    /**
     * Writes go to the write-ahead log and are never fsynced by the store: the operating system writes them when it
     * chooses. A process crash loses nothing; power loss loses what the OS had not written yet (on Linux typically up
     * to ~30 s).
     */
    NONE
}
