package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.StoreException;
import java.nio.file.Path;

/**
 * The store at {@link #path()} cannot be opened: it is damaged, unreadable, of an unknown format or in use. The
 * message names the path, the cause and the ways to recover. Nothing in the directory was deleted or overwritten; the
 * broker must stop rather than start with an empty store.
 */
public final class StoreOpenException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    private StoreOpenException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The store's data cannot be used: damaged, unreadable or of an unknown format. */
    static StoreOpenException damaged(Path path, String problem, Throwable cause) {
        return new StoreOpenException(path, "Cannot open the session store at " + path + ": " + problem
                + ". Nothing in it was changed. To recover, either fix the cause if it is outside the store (access"
                + " rights, a missing disk), restore " + path + " from a backup, or move it away (e.g. mv " + path
                + " " + path + ".damaged) to start with an empty store, losing its sessions, queued and retained"
                + " messages.", cause);
    }

    static StoreOpenException damaged(Path path, String problem) {
        return damaged(path, problem, null);
    }

    /** The disk is full: the store may be fine. */
    static StoreOpenException noSpace(Path path, Throwable cause) {
        return new StoreOpenException(path, "Cannot open the session store at " + path + ": the disk is full ("
                + cause.getMessage() + "). Nothing in it was changed. Free some space on its file system and start"
                + " again.", cause);
    }

    /** Another process (or another store in this one) holds the store's lock. */
    static StoreOpenException inUse(Path path, Throwable cause) {
        return new StoreOpenException(path, "Cannot open the session store at " + path + ": it is in use by another"
                + " broker (" + cause.getMessage() + "). Stop that broker, or give this one another store path.",
                cause);
    }

    public Path path() {
        return path;
    }
}
