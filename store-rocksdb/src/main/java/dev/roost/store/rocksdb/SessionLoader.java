package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreException;
import dev.roost.broker.core.store.StoredLog;
import dev.roost.broker.core.store.StoredSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads stored sessions, log entries and retained messages back into the broker's types. Sessions come with references
 * to their log entries only (sequence, and a queued entry's payload size); entries are read with their messages when
 * asked for by sequence. Entries of one read that refer to the same stored message share one
 * {@link ApplicationMessage} instance, which is registered in {@link MessageRefs} so that appending it again reuses the
 * stored copy. Used by one thread at a time; one per read.
 */
final class SessionLoader {
    private static final byte[] ALL = new byte[0];

    private final Database db;
    private final MessageRefs refs;
    private final Map<Long, ApplicationMessage> messages = new HashMap<>();

    SessionLoader(Database db, MessageRefs refs) {
        this.db = db;
        this.refs = refs;
    }

    /**
     * Hands every session to {@code sink}, one at a time.
     *
     * @param sizes payload sizes by message id, as the start-up scan found them; a size it lacks is read from the
     *     message and added
     */
    void sessions(Consumer<StoredSession> sink, LongIntTable sizes) {
        db.scan(Family.SESSIONS, ALL, (key, value) -> sink.accept(session(key, value, sizes)));
    }

    /** The entries with these sequences, with their messages, in the order asked; missing ones are left out. */
    List<OutboundEntry> outbound(String clientId, long[] sequences) {
        List<OutboundEntry> found = new ArrayList<>(sequences.length);
        for (long sequence : sequences) {
            byte[] key = Keys.logEntry(clientId, sequence);
            byte[] value = db.get(Family.OUTBOUND_LOG, key);
            if (value != null) {
                LogEntry e = decode(Family.OUTBOUND_LOG, key, () -> LogEntryCodec.decode(sequence, value));
                found.add(e.withMessage(message(e.messageId(), key)));
            }
        }
        return found;
    }

    List<ApplicationMessage> retained() {
        List<ApplicationMessage> all = new ArrayList<>();
        db.scan(Family.RETAINED, ALL, (key, value) -> all.add(decode(Family.RETAINED, key,
                () -> MessageCodec.decode(value))));
        return all;
    }

    private StoredSession session(byte[] prefix, byte[] value, LongIntTable sizes) {
        SessionRecord record = decode(Family.SESSIONS, prefix,
                () -> SessionRecordCodec.decode(Keys.text(prefix), value));
        List<SessionSubscription> subscriptions = new ArrayList<>();
        db.scan(Family.SUBSCRIPTIONS, prefix, (k, v) -> subscriptions.add(decode(Family.SUBSCRIPTIONS, k,
                () -> SubscriptionCodec.decode(Keys.filter(k), v))));
        StoredLog.Builder log = StoredLog.builder();
        db.scan(Family.OUTBOUND_LOG, prefix, (k, v) -> {
            LogEntry e = decode(Family.OUTBOUND_LOG, k, () -> LogEntryCodec.decode(Keys.sequence(k), v));
            if (e.state() == OutboundEntry.State.QUEUED) {
                log.queued(e.sequence(), payloadSize(e.messageId(), k, sizes));
            } else {
                log.inflight(e.sequence());
            }
        });
        Set<Integer> inbound = new HashSet<>();
        db.scan(Family.INBOUND_QOS2, prefix, (k, v) -> inbound.add(decode(Family.INBOUND_QOS2, k, () -> {
            ValueReader.value(v).end();
            return Keys.packetId(k);
        })));
        return new StoredSession(record, subscriptions, log.build(), inbound);
    }

    private int payloadSize(long id, byte[] entryKey, LongIntTable sizes) {
        int size = sizes.get(id, -1);
        if (size < 0) {
            size = decodeMessage(id, entryKey).payload().length;
            sizes.put(id, size);
        }
        return size;
    }

    private ApplicationMessage message(long id, byte[] entryKey) {
        ApplicationMessage m = messages.get(id);
        if (m == null) {
            m = decodeMessage(id, entryKey);
            messages.put(id, m);
            refs.register(id, m);
        }
        return m;
    }

    private ApplicationMessage decodeMessage(long id, byte[] entryKey) {
        byte[] key = Keys.message(id);
        byte[] value = db.get(Family.MESSAGES, key);
        if (value == null) {
            throw new StoreException("The session store at " + db.path() + " is damaged: the outbound log entry "
                    + StartupScan.describe(Family.OUTBOUND_LOG, entryKey) + " refers to message " + id
                    + ", which is missing");
        }
        return decode(Family.MESSAGES, key, () -> MessageCodec.decode(value));
    }

    private <T> T decode(Family family, byte[] key, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (CorruptValueException e) {
            throw new StoreException("The session store at " + db.path() + " is damaged: in column family '"
                    + family.diskName() + "' at key " + StartupScan.describe(family, key) + ": " + e.getMessage(), e);
        }
    }
}
