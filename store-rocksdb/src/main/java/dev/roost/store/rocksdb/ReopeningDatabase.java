package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's open {@link Database}, kept open while it is used and reopened after an I/O error. RocksDB refuses every
 * write after an I/O error (a full disk) and RocksJava has no {@code DB::Resume()}, so the first write at least
 * {@code backoff} after a failed one closes the database and opens it again; writes in between fail at once.
 *
 * <p>Thread-safe: a lock that readers and writers only share keeps the database open while they use it; a reopen,
 * {@link #exclusive} and {@link #close} take it exclusively.
 */
final class ReopeningDatabase {
    private static final Logger log = LoggerFactory.getLogger(ReopeningDatabase.class);

    private final Path path;
    private final Clock clock;
    private final Duration backoff;
    /** Opens the database again (and scans it); throws {@link StoreOpenException} when it cannot. */
    private final Supplier<Database> reopen;
    private final StampedLock lock = new StampedLock();
    private final AtomicReference<StoreWriteException> failure = new AtomicReference<>();
    /** Guarded by {@link #lock}: read access to use it, write access to replace it. Null after a failed reopen. */
    private Database db;
    /** When the next reopen after a failed write may be tried. */
    private volatile Instant nextRecovery = Instant.MIN;
    private boolean closed;

    ReopeningDatabase(Path path, Clock clock, Duration backoff, Database opened, Supplier<Database> reopen) {
        this.path = path;
        this.clock = clock;
        this.backoff = backoff;
        this.db = opened;
        this.reopen = reopen;
    }

    <T> T read(Function<Database, T> op) {
        long stamp = lock.readLock();
        try {
            return op.apply(open());
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Runs a write; an I/O error it throws makes later writes fail until the database is reopened.
     *
     * @throws StoreWriteException if it fails, or the database is not taking writes since an earlier failure
     */
    void write(Consumer<Database> op) {
        if (failure.get() != null) {
            recover();
        }
        long stamp = lock.readLock();
        try {
            op.accept(open());
        } catch (StoreWriteException e) {
            if (e.isIoError() && failure.compareAndSet(null, e)) {
                nextRecovery = clock.instant().plus(backoff);
                log.error("A write to the session store at {} failed; writes are refused until it is reopened,"
                        + " tried from {}", path, nextRecovery, e);
            }
            throw e;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Runs {@code op} while no other thread uses the database. */
    <T> T exclusive(Function<Database, T> op) {
        long stamp = lock.writeLock();
        try {
            return op.apply(open());
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Runs {@code beforeClose} unless a write failed since the last (re)open, then closes the database. Idempotent;
     * later calls of other methods fail.
     */
    void close(Consumer<Database> beforeClose) {
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (db != null) {
                try {
                    if (failure.get() == null) {
                        beforeClose.accept(db);
                    }
                } catch (StoreWriteException e) {
                    log.error("Closing the session store at {}: the last writes may not be on disk", path, e);
                } finally {
                    db.close();
                    db = null;
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The database, while it is open. Called with the lock held. */
    private Database open() {
        if (closed) {
            throw new StoreException("The session store at " + path + " is closed");
        }
        if (db == null) {
            StoreWriteException cause = failure.get();
            throw cause == null ? new StoreException("The session store at " + path + " is not open")
                    : StoreWriteException.unavailable(path, cause, "it could not be reopened yet");
        }
        return db;
    }

    /** After an I/O error: reopens the database, at most once per backoff, to clear RocksDB's error state. */
    private void recover() {
        long stamp = lock.writeLock();
        try {
            StoreWriteException cause = failure.get();
            if (cause == null || closed) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(nextRecovery)) {
                throw StoreWriteException.unavailable(path, cause, "the next attempt to reopen it is at "
                        + nextRecovery);
            }
            nextRecovery = now.plus(backoff);
            if (db != null) {
                db.close();
                db = null;
            }
            try {
                db = reopen.get();
            } catch (StoreOpenException e) {
                StoreWriteException refused = StoreWriteException.unavailable(path, cause,
                        "reopening it failed: " + e.getMessage());
                refused.addSuppressed(e);
                throw refused;
            }
            failure.set(null);
            log.info("The session store at {} takes writes again after: {}", path, cause.getMessage());
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
