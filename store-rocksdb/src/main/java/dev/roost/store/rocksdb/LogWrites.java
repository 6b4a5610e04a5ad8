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

/**
 * The writes that touch outbound log entries, and with them the reference counts of stored messages: each is one
 * write batch that holds the entries and the message puts or deletes that go with them, so that a crash keeps either
 * all of it or none. The counts are changed before the batch is written and restored if it fails.
 *
 * <p>Thread-safe: holds no state but {@link MessageRefs}.
 */
final class LogWrites {
    private final MessageRefs refs;

    LogWrites(MessageRefs refs) {
        this.refs = refs;
    }

    /** Appends entries (usually of one message, a fan-out) in one batch, storing each message at most once. */
    void append(Database db, List<SessionEntry> entries) {
        Map<ApplicationMessage, Integer> counts = new IdentityHashMap<>();
        for (SessionEntry e : entries) {
            counts.merge(e.entry().message(), 1, Integer::sum);
        }
        Map<ApplicationMessage, MessageRefs.Ref> acquired = new IdentityHashMap<>();
        try (Database.Batch batch = db.batch()) {
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
    }

    /** Replaces an entry, keeping the message it refers to; an entry that is not there is appended. */
    void update(Database db, String clientId, OutboundEntry entry) {
        byte[] key = Keys.logEntry(clientId, entry.sequence());
        byte[] old = db.get(Family.OUTBOUND_LOG, key);
        if (old == null) {
            append(db, List.of(new SessionEntry(clientId, entry)));
            return;
        }
        try (Database.Batch batch = db.batch()) {
            batch.put(Family.OUTBOUND_LOG, key, LogEntryCodec.encode(LogEntry.of(entry, messageId(db, key, old))));
            // QoS 2 state must be durable before the PUBLISH or PUBREL it stands for goes out: a crash that lost it
            // would send the message again under another packet id, a duplicate. QoS 0/1 may be sent again anyway.
            db.write(batch, entry.qos() != Qos.EXACTLY_ONCE);
        }
    }

    /**
     * Deletes an entry, and its message if no other entry refers to it. Lazily: no acknowledgement waits for it, and
     * a crash that undid it only sends the entry again (a QoS 1 duplicate, or a PUBREL the client answers anyway).
     */
    void delete(Database db, String clientId, long sequence) {
        byte[] key = Keys.logEntry(clientId, sequence);
        byte[] old = db.get(Family.OUTBOUND_LOG, key);
        if (old == null) {
            return;
        }
        List<byte[]> keys = new ArrayList<>(1);
        keys.add(key);
        deleteEntries(db, keys, Map.of(messageId(db, key, old), 1), List.of(), true);
    }

    /** Deletes the session's record, subscriptions, log (and messages only it referred to) and inbound ids. */
    void deleteSession(Database db, String clientId) {
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
        deleteEntries(db, logKeys, released, more, false);
    }

    private record FamilyKey(Family family, byte[] key) {
    }

    /**
     * One batch: deletes the log entries {@code logKeys}, which refer to the messages in {@code released} (id → how
     * many of them), the messages no entry refers to afterwards, and {@code more}. {@code lazy}: see
     * {@link Database#write(Database.Batch, boolean)}.
     */
    private void deleteEntries(Database db, List<byte[]> logKeys, Map<Long, Integer> released, List<FamilyKey> more,
                               boolean lazy) {
        Map<MessageRefs.Ref, Integer> done = new IdentityHashMap<>();
        try (Database.Batch batch = db.batch()) {
            for (Map.Entry<Long, Integer> r : released.entrySet()) {
                MessageRefs.Ref ref = refs.ref(r.getKey());
                if (ref != null) {
                    done.put(ref, r.getValue());
                    if (refs.release(ref, r.getValue())) {
                        batch.delete(Family.MESSAGES, Keys.message(ref.id));
                    }
                }
            }
            for (byte[] key : logKeys) {
                batch.delete(Family.OUTBOUND_LOG, key);
            }
            for (FamilyKey k : more) {
                batch.delete(k.family(), k.key());
            }
            db.write(batch, lazy);
        } catch (RuntimeException e) {
            done.forEach(refs::restore);
            throw e;
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
