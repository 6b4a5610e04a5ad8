package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rocksdb.SstFileManager;
import org.rocksdb.TickerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SessionStore}: one embedded RocksDB database with a column family per kind of item (see
 * {@link Keys} for the layout and {@code docs/DURABILITY.md} for what is written when). A message's payload is stored
 * once in {@code messages}, however many log entries refer to it, and deleted with the last of them
 * ({@link MessageRefs}); a fan-out is one atomic write batch.
 *
 * <p>Threading: as {@link SessionStore} requires, every method may be called from any thread; writes of different
 * threads proceed concurrently and are never fsynced one by one: under {@link DurabilityPolicy#SYNC}, {@link #sync()}
 * fsyncs the write-ahead log once for every write before it, and callers on several lanes share fsyncs.
 * {@link ReopeningDatabase} keeps the database open while threads use it.
 *
 * <p>Lazy writes: a QoS 0/1 entry marked SENT and an entry deleted are not written when the call returns but kept
 * with the calling thread ({@link LazyWrites}) and written in one batch with that thread's next {@link #sync()} (or
 * its next log write, read, or {@link #close}). A lane calls {@code sync()} at the end of every batch of work, before
 * its packets leave, so nothing it sends depends on a change still held; if that batch fails, {@code sync()} throws
 * and the changes are dropped, the store keeping the entries as they were (a later restart sends them again).
 *
 * <p>Failures: a write that fails throws {@link StoreWriteException} and leaves nothing half-stored. After an I/O
 * error (a full disk) the database is reopened on the first write at least {@link RocksDbStoreConfig#recoveryBackoff()}
 * later ({@link ReopeningDatabase}), and the store carries on once that succeeds. {@link #open} refuses a
 * damaged store with a {@link StoreOpenException} and never deletes one.
 */
public final class RocksDbSessionStore implements SessionStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDbSessionStore.class);

    private final RocksDbStoreConfig config;
    /** Null but in tests: caps the size of the table files to simulate a full disk. */
    private final SstFileManager sstFiles;
    private final MessageRefs refs = new MessageRefs();
    private final ReopeningDatabase database;
    private final StoreMaintenance maintenance;
    private final LogWrites writes;
    /** Each thread's lazy log changes not yet written. A thread uses its own while it holds the database to read. */
    private final LazyWritesPerThread lazyWrites = new LazyWritesPerThread();
    /** Payload sizes found by the scan at open, for the first {@link #loadSessions}; then dropped. */
    private volatile LongIntTable startupSizes = new LongIntTable();

    private RocksDbSessionStore(RocksDbStoreConfig config, SstFileManager sstFiles) {
        this.config = config;
        this.sstFiles = sstFiles;
        this.database = new ReopeningDatabase(config.path(), config.clock(), config.recoveryBackoff(),
                openAndScan(startupSizes), () -> openAndScan(null));
        this.writes = new LogWrites(refs);
        this.maintenance = new StoreMaintenance("roost-store-maintenance");
        if (config.durability() == DurabilityPolicy.INTERVAL) {
            maintenance.every(config.syncInterval(), "write-ahead-log sync", this::syncWal);
        }
        if (!config.compactionInterval().isZero()) {
            maintenance.every(config.compactionInterval(), "compaction", this::compact);
        }
    }

    /**
     * Opens the store at {@code config.path()}, creating it if the directory is missing or empty.
     *
     * @throws StoreOpenException if the store is damaged, unreadable, of an unknown format or in use; it is left as
     *     it was
     */
    public static RocksDbSessionStore open(RocksDbStoreConfig config) {
        return new RocksDbSessionStore(config, null);
    }

    /**
     * For tests: as {@link #open(RocksDbStoreConfig)}, with every open of the database (reopens included) tracking its
     * table files in {@code sstFiles}, whose space cap then acts as a full disk. The caller closes {@code sstFiles}
     * after the store.
     */
    static RocksDbSessionStore open(RocksDbStoreConfig config, SstFileManager sstFiles) {
        return new RocksDbSessionStore(config, sstFiles);
    }

    /** @param sizes where the scan notes payload sizes for the sessions' load; null for a reopen */
    private Database openAndScan(LongIntTable sizes) {
        Instant start = config.clock().instant();
        Database opened = StoreOpening.open(config.path(), config.syncAllWrites(), sstFiles);
        try {
            refs.clear();
            StartupScan.Summary s = new StartupScan(opened, refs, sizes, config.clock()).read().sweep();
            log.info("Opened the session store at {} ({} durability) in {} ms: {} sessions, {} log entries, {} stored"
                            + " messages{}", config.path(), config.durability(),
                    Duration.between(start, config.clock().instant()).toMillis(), s.sessions(), s.entries(),
                    s.messages(), s.removedLeftovers() == 0 ? "" : "; removed " + s.removedLeftovers()
                            + " items nothing referred to");
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public void saveSession(SessionRecord record) {
        write(d -> d.put(Family.SESSIONS, Keys.session(record.clientId()), SessionRecordCodec.encode(record)));
    }

    @Override
    public void deleteSession(String clientId) {
        write(d -> writes.deleteSession(d, lazyWrites.mine(), clientId));
    }

    @Override
    public void saveSubscription(String clientId, SessionSubscription subscription) {
        write(d -> d.put(Family.SUBSCRIPTIONS, Keys.subscription(clientId, subscription.subscription().filter()),
                SubscriptionCodec.encode(subscription)));
    }

    @Override
    public void deleteSubscription(String clientId, String filter) {
        write(d -> d.delete(Family.SUBSCRIPTIONS, Keys.subscription(clientId, filter)));
    }

    @Override
    public void appendOutbound(String clientId, OutboundEntry entry) {
        appendFanOut(List.of(new SessionEntry(clientId, entry)));
    }

    @Override
    public void appendFanOut(List<SessionEntry> entries) {
        if (!entries.isEmpty()) {
            write(d -> writes.append(d, lazyWrites.mine(), entries));
        }
    }

    @Override
    public void updateOutbound(String clientId, OutboundEntry entry) {
        write(d -> writes.update(d, lazyWrites.mine(), clientId, entry));
    }

    @Override
    public void deleteOutbound(String clientId, long sequence) {
        write(d -> writes.delete(d, lazyWrites.mine(), clientId, sequence));
    }

    @Override
    public void saveInboundQos2(String clientId, int packetId) {
        write(d -> d.put(Family.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId),
                ValueWriter.value(0).toByteArray()));
    }

    @Override
    public void deleteInboundQos2(String clientId, int packetId) {
        write(d -> d.delete(Family.INBOUND_QOS2, Keys.inboundQos2(clientId, packetId)));
    }

    @Override
    public void saveRetained(ApplicationMessage message) {
        write(d -> d.put(Family.RETAINED, Keys.retained(message.topic()), MessageCodec.encode(message)));
    }

    @Override
    public void deleteRetained(String topic) {
        write(d -> d.delete(Family.RETAINED, Keys.retained(topic)));
    }

    /**
     * Streams the sessions with {@link SessionLoader}. The first call takes the payload sizes the scan at open found,
     * so it reads no message; a later one reads each referenced message once to learn its size.
     */
    @Override
    public void loadSessions(Consumer<StoredSession> sink) {
        flushLazy();
        LongIntTable sizes = startupSizes;
        startupSizes = null;
        read(d -> {
            new SessionLoader(d, refs).sessions(sink, sizes == null ? new LongIntTable() : sizes);
            return null;
        });
    }

    @Override
    public List<OutboundEntry> loadOutbound(String clientId, long[] sequences) {
        if (sequences.length == 0) {
            return List.of();
        }
        flushLazy();
        return read(d -> new SessionLoader(d, refs).outbound(clientId, sequences));
    }

    @Override
    public List<ApplicationMessage> loadRetained() {
        return read(d -> new SessionLoader(d, refs).retained());
    }

    /**
     * Writes the calling thread's lazy changes, if any, in one batch; then, under {@link DurabilityPolicy#SYNC}, makes
     * every write that returned before this call durable, with at most one fsync, shared with concurrent callers.
     *
     * @throws StoreWriteException if the lazy changes could not be written (they are dropped: the store keeps the
     *     entries as they were) or the fsync failed
     */
    @Override
    public void sync() {
        // Only this thread changes its LazyWrites while the store is open; after close() the write below refuses.
        LazyWrites pending = lazyWrites.minePending();
        if (config.durability() == DurabilityPolicy.SYNC) {
            write(d -> {
                if (pending != null) {
                    writes.flush(d, pending);
                }
                d.syncPending();
            });
        } else if (pending != null) {
            write(d -> writes.flush(d, pending));
        }
    }

    /**
     * Makes every write so far durable (fsyncs the write-ahead log), whatever the policy;
     * {@link DurabilityPolicy#INTERVAL} calls it periodically.
     */
    public void syncWal() {
        write(Database::syncWal);
    }

    /**
     * Compacts the outbound log and the messages now, so that deleted entries stop taking space; runs on a schedule
     * too ({@link RocksDbStoreConfig#compactionInterval()}). Takes time: not for a lane.
     */
    public void compact() {
        write(d -> {
            d.compact(Family.OUTBOUND_LOG);
            d.compact(Family.MESSAGES);
        });
    }

    /** Counters since the store was opened, for metrics and tests. */
    public WriteCounters writeCounters() {
        return read(d -> new WriteCounters(d.ticker(TickerType.WRITE_DONE_BY_SELF)
                + d.ticker(TickerType.WRITE_DONE_BY_OTHER), d.ticker(TickerType.WAL_FILE_SYNCED)));
    }

    /**
     * How many writes completed and how many write-ahead-log fsyncs they took: under {@link DurabilityPolicy#SYNC},
     * fewer fsyncs than writes show that concurrent writers shared them (group commit).
     */
    public record WriteCounters(long writes, long walSyncs) {
    }

    /**
     * How many messages are stored (each once, whatever the number of entries referring to it), once every thread's
     * lazy changes are written. For tests, while no other thread uses the store.
     */
    long storedMessageCount() {
        return database.exclusive(d -> {
            for (LazyWrites lazy : lazyWrites.all()) {
                writes.flushAll(d, lazy);
            }
            long[] n = {0};
            d.scan(Family.MESSAGES, new byte[0], (k, v) -> n[0]++);
            return n[0];
        });
    }

    /**
     * Writes every thread's lazy changes, fsyncs, closes the database and stops the background thread. Idempotent;
     * later calls of other methods fail.
     */
    @Override
    public void close() {
        maintenance.close();
        database.close(d -> {
            for (LazyWrites lazy : lazyWrites.all()) {
                writes.flushAll(d, lazy);
            }
            d.syncWal();
        });
    }

    /** Writes the calling thread's lazy changes before it reads, so that it reads its own writes. */
    private void flushLazy() {
        LazyWrites pending = lazyWrites.minePending();
        if (pending != null) {
            write(d -> writes.flush(d, pending));
        }
    }

    private <T> T read(Function<Database, T> op) {
        return database.read(op);
    }

    private void write(Consumer<Database> op) {
        database.write(op);
    }
}
