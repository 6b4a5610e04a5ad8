package dev.roost.store.rocksdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thread's lazy changes to outbound log entries (a QoS 0/1 entry marked SENT, an entry deleted) that are not
 * written yet. {@link LogWrites} writes them all in one batch when that thread next calls {@code sync()}, appends,
 * makes a QoS 2 change, deletes a session or reads, and the store writes every thread's when it closes: a lane that
 * sends and acknowledges many messages in a batch of work pays one write for all of them instead of one each. Other
 * threads never read these entries (a session's log is read and changed only on its lane), and a thread's own reads
 * see its changes.
 *
 * <p>Each change keeps the id of the message its entry refers to, found when the change was made, and the entries
 * changed stay {@linkplain #knownMessageId known} for a while, so that a later change of the same entry on this thread
 * (its delete, usually) needs no read. The reference counts are only released once the changes are written, and a
 * message whose last reference went is deleted in this thread's next batch ({@link #deleteMessage}): its payload
 * never leaves the store before every entry that referred to it is gone from the disk, whichever thread deleted them.
 *
 * <p>Not thread-safe: used by its own thread while it holds the store's lock to read, and by {@code close()} while it
 * holds it exclusively.
 */
final class LazyWrites {
    /** How many entries {@link #known} remembers at most: more than a lane's messages in flight, usually. */
    static final int KNOWN_ENTRIES = 4096;

    private final Map<EntryKey, Change> changes = new LinkedHashMap<>();
    /**
     * Entries that exist in the store (this thread changed them, and only this thread deletes them: the session is its
     * lane's; forgotten when it deletes the session, or when the database was reopened) with the message they refer
     * to, the oldest forgotten first: the PUBACK that deletes an entry marked SENT in an earlier batch of work needs
     * no read.
     */
    private final Map<EntryKey, Long> known = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EntryKey, Long> eldest) {
            return size() > KNOWN_ENTRIES;
        }
    };
    /** Messages whose last entry is deleted on disk: to delete with the next batch. */
    private final List<Long> messagesToDelete = new ArrayList<>();
    /** The database the pending changes and the known entries were read from; null before the first. */
    private Database basis;

    private record EntryKey(String clientId, long sequence) {
    }

    /**
     * A pending change of one log entry.
     *
     * @param key the entry's key in {@link Family#OUTBOUND_LOG}
     * @param value its new value, or null when it is deleted
     * @param messageId the stored message it refers to
     */
    record Change(byte[] key, byte[] value, long messageId) {
        boolean isDelete() {
            return value == null;
        }
    }

    /**
     * Prepares for changes read from {@code db}: if the pending ones were read from an earlier database (the store
     * reopened it after a failed write, and its scan rebuilt the reference counts and removed leftovers), they are
     * dropped, as a crash would have dropped them.
     *
     * @return how many changes were dropped
     */
    int readingFrom(Database db) {
        int dropped = 0;
        if (basis != db) {
            dropped = changes.size();
            changes.clear();
            known.clear();
            messagesToDelete.clear(); // the reopen's scan removes messages nothing refers to
            basis = db;
        }
        return dropped;
    }

    /** The pending change of this entry, or null if there is none. */
    Change pending(String clientId, long sequence) {
        return changes.get(new EntryKey(clientId, sequence));
    }

    /**
     * The id of the message the entry refers to, if it is known to exist (see {@link #known}); null if it may not.
     */
    Long knownMessageId(String clientId, long sequence) {
        return known.get(new EntryKey(clientId, sequence));
    }

    /** The entry exists, written with a reference to {@code messageId}. */
    void known(String clientId, long sequence, long messageId) {
        known.put(new EntryKey(clientId, sequence), messageId);
    }

    /** The session is being deleted: none of its entries may be assumed to exist any more. */
    void forgetSession(String clientId) {
        known.keySet().removeIf(k -> k.clientId().equals(clientId));
    }

    /** Records a new value of the entry (replacing a pending one). */
    void put(String clientId, long sequence, byte[] key, byte[] value, long messageId) {
        changes.put(new EntryKey(clientId, sequence), new Change(key, value, messageId));
    }

    /** Records the entry's delete (replacing a pending new value). */
    void delete(String clientId, long sequence, byte[] key, long messageId) {
        EntryKey entry = new EntryKey(clientId, sequence);
        changes.put(entry, new Change(key, null, messageId));
        known.remove(entry);
    }

    /** The message's last entry is deleted on disk: its payload goes with this thread's next batch. */
    void deleteMessage(long messageId) {
        messagesToDelete.add(messageId);
    }

    boolean isEmpty() {
        return changes.isEmpty() && messagesToDelete.isEmpty();
    }

    /** Messages to delete with the next batch. */
    List<Long> messagesToDelete() {
        return messagesToDelete;
    }

    /** The pending changes, at most one per entry. */
    Collection<Change> changes() {
        return changes.values();
    }

    /**
     * The pending changes and message deletes were put in a batch: forgets them. The entries they give a new value stay {@link #known},
     * whether that batch is written or not (if not, they exist as they were, with the same message).
     */
    void taken() {
        for (Map.Entry<EntryKey, Change> c : changes.entrySet()) {
            if (!c.getValue().isDelete()) {
                known.put(c.getKey(), c.getValue().messageId());
            }
        }
        changes.clear();
        messagesToDelete.clear(); // if that batch fails, they stay on disk unreferenced: the next start-up removes them
    }
}
