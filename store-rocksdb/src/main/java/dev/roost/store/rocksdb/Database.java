package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.SstFileManager;
import org.rocksdb.Statistics;
import org.rocksdb.TablePropertiesCollectorFactory;
import org.rocksdb.TickerType;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One open RocksDB database with the store's column families, and every native handle that belongs to it: options,
 * cache, statistics, column family handles, write options. {@link #close} releases all of them. Reads and writes
 * translate {@link RocksDBException} into {@link StoreException} / {@link StoreWriteException}.
 *
 * <p>Thread-safe for concurrent reads and writes (RocksDB is); the owner must not call anything after or during
 * {@link #close} (the native handles would be gone), which {@link RocksDbSessionStore} ensures with its lock.
 */
final class Database implements AutoCloseable {
    static final byte[] FORMAT_KEY = "roost.store.format".getBytes(StandardCharsets.UTF_8);

    private static final long CACHE_BYTES = 32L << 20;
    private static final long TOTAL_MEMTABLE_BYTES = 64L << 20;
    private static final long MAX_TOTAL_WAL_BYTES = 64L << 20;

    private final Path path;
    private final RocksDB db;
    private final Map<Family, ColumnFamilyHandle> handles;
    private final WriteOptions writeOptions;
    private final boolean syncAllWrites;
    /** Writes that {@link #syncPending()} must make durable, counted when they complete. */
    private final AtomicLong written = new AtomicLong();
    /** The value of {@link #written} that the last completed fsync covered. */
    private final AtomicLong durableUpTo = new AtomicLong();
    private final Object syncLock = new Object();
    private final Statistics statistics;
    /** Everything else that must be closed, in closing order, after the database. */
    private final List<AutoCloseable> resources;

    private Database(Path path, RocksDB db, Map<Family, ColumnFamilyHandle> handles, WriteOptions writeOptions,
                     boolean syncAllWrites, Statistics statistics, List<AutoCloseable> resources) {
        this.path = path;
        this.db = db;
        this.handles = handles;
        this.writeOptions = writeOptions;
        this.syncAllWrites = syncAllWrites;
        this.statistics = statistics;
        this.resources = resources;
    }

    /**
     * Opens (or, with {@code create}, creates) the database at {@code path}; the caller has checked the directory.
     * {@code syncAllWrites}: whether {@link #write(Batch, boolean) lazy} writes count as pending for
     * {@link #syncPending()} too. {@code sstFiles}: null in production; tests pass one to cap the size of the
     * table files (a full disk without a small file system). The caller owns and closes it, after the database.
     *
     * @throws RocksDBException as RocksDB reports it; the caller classifies it. Nothing is left open.
     */
    static Database open(Path path, boolean syncAllWrites, boolean create,
                         SstFileManager sstFiles) throws RocksDBException {
        RocksDB.loadLibrary();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Statistics statistics = add(resources, new Statistics());
            LRUCache cache = add(resources, new LRUCache(CACHE_BYTES));
            TablePropertiesCollectorFactory compactOnDeletes = add(resources,
                    TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(10_000, 5_000, 0.5));
            DBOptions dbOptions = add(resources, new DBOptions()
                    .setCreateIfMissing(create)
                    .setCreateMissingColumnFamilies(true)
                    .setParanoidChecks(true)
                    .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                    .setDbWriteBufferSize(TOTAL_MEMTABLE_BYTES)
                    .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(5)
                    .setMaxLogFileSize(16L << 20)
                    .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
                    .setStatistics(statistics));
            if (sstFiles != null) {
                dbOptions.setSstFileManager(sstFiles);
            }
            // RocksJava sets table-properties collectors on Options only: churning families copy theirs from it.
            Options churning = add(resources, new Options());
            churning.setTablePropertiesCollectorFactory(List.of(compactOnDeletes));
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (Family f : Family.values()) {
                ColumnFamilyOptions cf = add(resources, f.isChurning() ? new ColumnFamilyOptions(churning)
                        : new ColumnFamilyOptions());
                cf.setWriteBufferSize(16L << 20)
                        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
                descriptors.add(new ColumnFamilyDescriptor(f.nameBytes(), cf));
            }
            // Never synced per write: durability comes from syncPending(), one fsync for every write before it.
            WriteOptions writeOptions = add(resources, new WriteOptions().setSync(false));
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, path.toString(), descriptors, opened);
            Map<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                handles.put(f, opened.get(f.ordinal()));
            }
            // Closing order: the database first (with its handles), then what it was built from.
            Collections.reverse(resources);
            return new Database(path, db, handles, writeOptions, syncAllWrites, statistics, resources);
        } catch (RocksDBException | RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
    }

    /** The names of the column families of the existing database at {@code path}. */
    static List<String> listFamilies(Path path) throws RocksDBException {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, path.toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
            return names;
        }
    }

    Path path() {
        return path;
    }

    byte[] get(Family family, byte[] key) {
        try {
            return db.get(handles.get(family), key);
        } catch (RocksDBException e) {
            throw readFailure(e);
        }
    }

    /** Writes one value; it is durable after the next {@link #syncPending()}. */
    void put(Family family, byte[] key, byte[] value) {
        try {
            db.put(handles.get(family), writeOptions, key, value);
        } catch (RocksDBException e) {
            throw StoreWriteException.of(path, e);
        }
        written.incrementAndGet();
    }

    /** Deletes one value; durable after the next {@link #syncPending()}. */
    void delete(Family family, byte[] key) {
        try {
            db.delete(handles.get(family), writeOptions, key);
        } catch (RocksDBException e) {
            throw StoreWriteException.of(path, e);
        }
        written.incrementAndGet();
    }

    /** A new, empty batch; the caller closes it. */
    Batch batch() {
        return new Batch();
    }

    /** Writes {@code batch} atomically; it is durable after the next {@link #syncPending()}. */
    void write(Batch batch) {
        write(batch, false);
    }

    /**
     * Writes {@code batch} atomically, visible to reads at once. A {@code lazy} write (unless the store syncs all
     * writes) does not make {@link #syncPending()} fsync: it becomes durable with the next fsync of the write-ahead
     * log, which is sequential. For changes whose loss a crash may only undo harmlessly.
     */
    void write(Batch batch, boolean lazy) {
        try {
            db.write(writeOptions, batch.batch);
        } catch (RocksDBException e) {
            throw StoreWriteException.of(path, e);
        }
        if (!lazy || syncAllWrites) {
            written.incrementAndGet();
        }
    }

    /**
     * Makes every non-lazy write that completed before this call durable, with one fsync of the write-ahead log, or
     * none when an fsync that started after those writes has already completed: callers on several threads share
     * fsyncs (group commit).
     */
    void syncPending() {
        long target = written.get();
        if (durableUpTo.get() >= target) {
            return;
        }
        synchronized (syncLock) {
            if (durableUpTo.get() >= target) {
                return; // the fsync we waited for covered our writes
            }
            long covered = written.get(); // every write counted here has completed: this fsync covers it
            syncWal();
            durableUpTo.accumulateAndGet(covered, Math::max);
        }
    }

    /**
     * Calls {@code visitor} with every key and value of {@code family} that starts with {@code prefix} (all of them
     * for an empty prefix), in key order.
     */
    void scan(Family family, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        byte[] end = prefix.length == 0 ? null : Keys.upperBound(prefix);
        try (ReadOptions options = new ReadOptions();
             Slice upper = end == null ? null : new Slice(end)) {
            if (upper != null) {
                options.setIterateUpperBound(upper);
            }
            try (RocksIterator it = db.newIterator(handles.get(family), options)) {
                if (prefix.length == 0) {
                    it.seekToFirst();
                } else {
                    it.seek(prefix);
                }
                for (; it.isValid(); it.next()) {
                    visitor.accept(it.key(), it.value());
                }
                it.status();
            }
        } catch (RocksDBException e) {
            throw readFailure(e);
        }
    }

    /** Makes every write so far durable: fsyncs the write-ahead log. */
    void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw StoreWriteException.of(path, e);
        }
    }

    /**
     * Flushes {@code family}'s memtable and compacts its files down to the bottom level, where deleted entries and
     * their tombstones are dropped. Files already at the bottom are not rewritten.
     */
    void compact(Family family) {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
             CompactRangeOptions options = new CompactRangeOptions()) {
            db.flush(flush, handles.get(family));
            db.compactRange(handles.get(family), null, null, options);
        } catch (RocksDBException e) {
            throw StoreWriteException.of(path, e);
        }
    }

    /** A RocksDB statistics counter. */
    long ticker(TickerType ticker) {
        return statistics.getTickerCount(ticker);
    }

    /** Closes the database and every handle it owns. Not idempotent: the owner calls it once. */
    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles.values()) {
            h.close();
        }
        db.close();
        closeAll(resources, null);
    }

    private StoreException readFailure(RocksDBException e) {
        return new StoreException("Could not read from the session store at " + path + ": " + e.getMessage(), e);
    }

    private static <T extends RocksObject> T add(List<AutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> resources, Throwable failure) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    throw new IllegalStateException("could not close " + r, e);
                }
            }
        }
    }

    /** A write batch for this database's column families. Not thread-safe; closed by its user. */
    final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        /** Writes one value; it is durable after the next {@link #syncPending()}. */
    void put(Family family, byte[] key, byte[] value) {
            try {
                batch.put(handles.get(family), key, value);
            } catch (RocksDBException e) {
                throw StoreWriteException.of(path, e);
            }
        }

        void delete(Family family, byte[] key) {
            try {
                batch.delete(handles.get(family), key);
            } catch (RocksDBException e) {
                throw StoreWriteException.of(path, e);
            }
        }

        int count() {
            return batch.count();
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
