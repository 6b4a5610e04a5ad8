package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.StoreException;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A change could not be written to the store at {@link #path()}: the disk is full ({@link #isOutOfSpace()}), an I/O
 * error occurred, or the store is still recovering from one of those. The change was not stored, so the broker must
 * not acknowledge it; the store recovers by itself once the cause is gone (see {@link RocksDbStoreConfig}).
 */
public final class StoreWriteException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final boolean outOfSpace;
    private final boolean ioError;

    private StoreWriteException(Path path, String message, Throwable cause, boolean outOfSpace, boolean ioError) {
        super(message, cause);
        this.path = path;
        this.outOfSpace = outOfSpace;
        this.ioError = ioError;
    }

    static StoreWriteException of(Path path, RocksDBException e) {
        Status status = e.getStatus();
        boolean noSpace = status != null && status.getSubCode() == Status.SubCode.NoSpace;
        boolean io = status != null && status.getCode() == Status.Code.IOError;
        String what = noSpace ? "the disk is full" : "RocksDB failed";
        return new StoreWriteException(path, "Could not write to the session store at " + path + ": " + what + " ("
                + e.getMessage() + "); the change was not stored", e, noSpace, io);
    }

    /** The store refuses writes until it has recovered from {@code cause}. */
    static StoreWriteException unavailable(Path path, StoreWriteException cause, String detail) {
        return new StoreWriteException(path, "The session store at " + path + " is not taking writes since an earlier"
                + " write failed (" + cause.getMessage() + "); " + detail, cause, cause.outOfSpace, true);
    }

    public Path path() {
        return path;
    }

    /** Whether the disk was full. */
    public boolean isOutOfSpace() {
        return outOfSpace;
    }

    /** Whether an I/O error (a full disk included) caused it: the store reopens the database to recover. */
    boolean isIoError() {
        return ioError;
    }
}
