package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.StoreException;
import dev.roost.protocol.Qos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes that touch outbound log entries, and with them the reference counts of stored messages. An append is one
 * batch with the messages it stores, its counts taken before it is written and given back if it fails. A delete's
 * counts are released only after its batch is written, and a message left without references is deleted in a later
 * batch of the same thread: two threads deleting the last two entries of one message could otherwise let the second
 * one's batch delete the payload before the first one's batch reached the disk, and a crash in between would leave an
 * entry without its message. The other way round, a crash can only leave a message without entries, which the next
 * start-up removes.
 *
 * <p>Lazy changes (a QoS 0/1 entry marked SENT, an entry deleted) are not written at once but kept in the calling
 * thread's {@link LazyWrites}; they go first into that thread's next batch of log writes ({@link #append}, a QoS 2
 * update), or into one of their own ({@link #flush}), which the store calls in {@code sync()}, before the thread reads
 * or deletes a session, and on close. A batch that fails drops them: the store keeps the entries as they were, as a
 * crash before they were fsynced would have, and their counts were not touched.
 *
 * <p>Thread-safe: holds no state but {@link MessageRefs}; each {@link LazyWrites} is its caller's.
 */
final class LogWrites {
    private static final Logger log = LoggerFactory.getLogger(LogWrites.class);

    private final MessageRefs refs;

    LogWrites(MessageRefs refs) {
        this.refs = refs;
    }

    /**
     * Appends entries (usually of one message, a fan-out) in one batch, storing each message at most once, after
     * the caller's lazy changes.
     */
    void append(Database db, LazyWrites lazy, List<SessionEntry> entries) {
        readingFrom(db, lazy);
        Map<ApplicationMessage, Integer> counts = new IdentityHashMap<>();
        for (SessionEntry e : entries) {
            counts.merge(e.entry().message(), 1, Integer::sum);
        }
        Map<Long, Integer> deleted;
        Map<ApplicationMessage, MessageRefs.Ref> acquired = new IdentityHashMap<>();
        try (Database.Batch batch = db.batch()) {
            deleted = takeLazy(batch, lazy);
            for (Map.Entry<ApplicationMessage, Integer> c : counts.entrySet()) {
                MessageRefs.Ref ref = refs.acquire(c.getKey(), c.getValue());
                acquired.put(c.getKey(), ref);
                if (!ref.isStored()) {
                    batch.put(Family.MESSAGES, Keys.message(ref.id), MessageCodec.encode(c.getKey()));
                }
            }
            for (SessionEntry e : entries) {
                long id = acquired.get(e.entry().message()).id;
                batch.put(Family.OUTBOUND_LOG, Keys.logEntry(e.clientId(), e.entry().sequence()),
                        LogEntryCodec.encode(LogEntry.of(e.entry(), id)));
            }
            db.write(batch);
        } catch (RuntimeException e) {
            for (Map.Entry<ApplicationMessage, MessageRefs.Ref> a : acquired.entrySet()) {
                if (refs.release(a.getValue(), counts.get(a.getKey())) && a.getValue().isStored()) {
                    deleteUnreferenced(db, a.getValue().id, e);
                }
            }
            throw e;
        }
        for (MessageRefs.Ref ref : acquired.values()) {
            refs.stored(ref);
        }
        releaseWritten(lazy, deleted);
    }

    /**
     * Replaces an entry, keeping the message it refers to; an entry that is not there is appended. A QoS 0/1 entry's
     * new value is only noted in {@code lazy}.
     */
    void update(Database db, LazyWrites lazy, String clientId, OutboundEntry entry) {
        readingFrom(db, lazy);
        byte[] key;
        long messageId;
        LazyWrites.Change pending = lazy.pending(clientId, entry.sequence());
        if (pending != null) {
            if (pending.isDelete()) {
                append(db, lazy, List.of(new SessionEntry(clientId, entry)));
                return;
            }
            key = pending.key();
            messageId = pending.messageId();
        } else {
            key = Keys.logEntry(clientId, entry.sequence());
            Long known = lazy.knownMessageId(clientId, entry.sequence());
            if (known != null) {
                messageId = known;
            } else {
                byte[] old = db.get(Family.OUTBOUND_LOG, key);
                if (old == null) {
                    append(db, lazy, List.of(new SessionEntry(clientId, entry)));
                    return;
                }
                messageId = messageId(db, key, old);
            }
        }
        byte[] value = LogEntryCodec.encode(LogEntry.of(entry, messageId));
        // QoS 2 state must be durable before the PUBLISH or PUBREL it stands for goes out: a crash that lost it
        // would send the message again under another packet id, a duplicate. QoS 0/1 may be sent again anyway.
        if (entry.qos() != Qos.EXACTLY_ONCE) {
            lazy.put(clientId, entry.sequence(), key, value, messageId);
            return;
        }
        try (Database.Batch batch = db.batch()) {
            Map<Long, Integer> deleted = takeLazy(batch, lazy);
            batch.put(Family.OUTBOUND_LOG, key, value);
            db.write(batch, false);
            releaseWritten(lazy, deleted);
        }
        lazy.known(clientId, entry.sequence(), messageId);
    }

    /**
     * Deletes an entry, and its message if no other entry refers to it. Lazily, noted in {@code lazy}: no
     * acknowledgement waits for it, and a crash that undid it only sends the entry again (a QoS 1 duplicate, or a
     * PUBREL the client answers anyway).
     */
    void delete(Database db, LazyWrites lazy, String clientId, long sequence) {
        readingFrom(db, lazy);
        LazyWrites.Change pending = lazy.pending(clientId, sequence);
        if (pending != null) {
            if (!pending.isDelete()) {
                lazy.delete(clientId, sequence, pending.key(), pending.messageId());
            }
            return;
        }
        byte[] key = Keys.logEntry(clientId, sequence);
        Long known = lazy.knownMessageId(clientId, sequence);
        if (known != null) {
            lazy.delete(clientId, sequence, key, known);
            return;
        }
        byte[] old = db.get(Family.OUTBOUND_LOG, key);
        if (old != null) {
            lazy.delete(clientId, sequence, key, messageId(db, key, old));
        }
    }

    /**
     * Writes the lazy changes, if any, in one batch; they are dropped if it fails. Messages they leave without
     * references are deleted with the next batch of this thread (see {@link #flushAll} to leave nothing behind).
     */
    void flush(Database db, LazyWrites lazy) {
        readingFrom(db, lazy);
        if (lazy.isEmpty()) {
            return;
        }
        try (Database.Batch batch = db.batch()) {
            Map<Long, Integer> deleted = takeLazy(batch, lazy);
            db.write(batch, true);
            releaseWritten(lazy, deleted);
        }
    }

    /** Writes the lazy changes and then the deletes of the messages they left without references: for close. */
    void flushAll(Database db, LazyWrites lazy) {
        flush(db, lazy);
        flush(db, lazy);
    }

    /** Deletes the session's record, subscriptions, log (and messages only it referred to) and inbound ids. */
    void deleteSession(Database db, LazyWrites lazy, String clientId) {
        flush(db, lazy); // the scan below must see them
        lazy.forgetSession(clientId);
        byte[] prefix = Keys.session(clientId);
        List<byte[]> logKeys = new ArrayList<>();
        Map<Long, Integer> released = new HashMap<>();
        db.scan(Family.OUTBOUND_LOG, prefix, (k, v) -> {
            logKeys.add(k);
            released.merge(messageId(db, k, v), 1, Integer::sum);
        });
        List<FamilyKey> more = new ArrayList<>();
        more.add(new FamilyKey(Family.SESSIONS, prefix));
        db.scan(Family.SUBSCRIPTIONS, prefix, (k, v) -> more.add(new FamilyKey(Family.SUBSCRIPTIONS, k)));
        db.scan(Family.INBOUND_QOS2, prefix, (k, v) -> more.add(new FamilyKey(Family.INBOUND_QOS2, k)));
        deleteEntries(db, lazy, logKeys, released, more);
    }

    private record FamilyKey(Family family, byte[] key) {
    }

    /**
     * One batch: deletes the log entries {@code logKeys}, which refer to the messages in {@code released} (id → how
     * many of them), and {@code more}; then releases the references, the messages left without any going with the
     * thread's next batch.
     */
    private void deleteEntries(Database db, LazyWrites lazy, List<byte[]> logKeys, Map<Long, Integer> released,
                               List<FamilyKey> more) {
        try (Database.Batch batch = db.batch()) {
            for (byte[] key : logKeys) {
                batch.delete(Family.OUTBOUND_LOG, key);
            }
            for (FamilyKey k : more) {
                batch.delete(k.family(), k.key());
            }
            db.write(batch, false);
        }
        releaseWritten(lazy, released);
    }

    /**
     * Moves the lazy changes and the pending message deletes into {@code batch}; {@code lazy} is empty afterwards.
     *
     * @return the references the changes delete (message id → how many), to release once the batch is written
     */
    private static Map<Long, Integer> takeLazy(Database.Batch batch, LazyWrites lazy) {
        if (lazy.isEmpty()) {
            return Map.of();
        }
        Map<Long, Integer> deleted = new HashMap<>();
        for (LazyWrites.Change c : lazy.changes()) {
            if (c.isDelete()) {
                batch.delete(Family.OUTBOUND_LOG, c.key());
                deleted.merge(c.messageId(), 1, Integer::sum);
            } else {
                batch.put(Family.OUTBOUND_LOG, c.key(), c.value());
            }
        }
        for (long id : lazy.messagesToDelete()) {
            batch.delete(Family.MESSAGES, Keys.message(id));
        }
        lazy.taken();
        return deleted;
    }

    /**
     * After the batch that deleted them is written: releases {@code deleted} (id → how many references); a message
     * left without any is deleted with the thread's next batch.
     */
    private void releaseWritten(LazyWrites lazy, Map<Long, Integer> deleted) {
        for (Map.Entry<Long, Integer> d : deleted.entrySet()) {
            MessageRefs.Ref ref = refs.ref(d.getKey());
            if (ref != null && refs.release(ref, d.getValue())) {
                lazy.deleteMessage(ref.id);
            }
        }
    }

    private static void readingFrom(Database db, LazyWrites lazy) {
        int dropped = lazy.readingFrom(db);
        if (dropped > 0) {
            log.warn("Dropped {} lazy changes of outbound log entries (sent or acknowledged) made before the session"
                    + " store at {} was reopened: those entries may be sent again after a restart", dropped, db.path());
        }
    }

    /** After a failed append left a stored message without references: delete it if possible, else at start-up. */
    private static void deleteUnreferenced(Database db, long id, RuntimeException failure) {
        try {
            db.delete(Family.MESSAGES, Keys.message(id));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static long messageId(Database db, byte[] key, byte[] value) {
        try {
            return LogEntryCodec.messageId(value);
        } catch (CorruptValueException e) {
            throw new StoreException("The session store at " + db.path()
                    + " is damaged: the outbound log entry " + StartupScan.describe(Family.OUTBOUND_LOG, key)
                    + " cannot be read: " + e.getMessage(), e);
        }
    }
}
