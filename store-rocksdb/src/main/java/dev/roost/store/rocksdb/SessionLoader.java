package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreException;
import dev.roost.broker.core.store.StoredSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads stored sessions and retained messages back into the broker's types. Entries that refer to the same stored
 * message share one {@link ApplicationMessage} instance, which is registered in {@link MessageRefs} so that appending
 * it again reuses the stored copy. Used by one thread at a time; one per load.
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

    List<StoredSession> sessions() {
        List<StoredSession> all = new ArrayList<>();
        db.scan(Family.SESSIONS, ALL, (key, value) -> all.add(session(key, value)));
        return all;
    }

    List<ApplicationMessage> retained() {
        List<ApplicationMessage> all = new ArrayList<>();
        db.scan(Family.RETAINED, ALL, (key, value) -> all.add(decode(Family.RETAINED, key,
                () -> MessageCodec.decode(value))));
        return all;
    }

    private StoredSession session(byte[] prefix, byte[] value) {
        SessionRecord record = decode(Family.SESSIONS, prefix,
                () -> SessionRecordCodec.decode(Keys.text(prefix), value));
        List<SessionSubscription> subscriptions = new ArrayList<>();
        db.scan(Family.SUBSCRIPTIONS, prefix, (k, v) -> subscriptions.add(decode(Family.SUBSCRIPTIONS, k,
                () -> SubscriptionCodec.decode(Keys.filter(k), v))));
        List<OutboundEntry> log = new ArrayList<>();
        db.scan(Family.OUTBOUND_LOG, prefix, (k, v) -> {
            LogEntry e = decode(Family.OUTBOUND_LOG, k, () -> LogEntryCodec.decode(Keys.sequence(k), v));
            log.add(e.withMessage(message(e.messageId(), k)));
        });
        Set<Integer> inbound = new HashSet<>();
        db.scan(Family.INBOUND_QOS2, prefix, (k, v) -> inbound.add(decode(Family.INBOUND_QOS2, k, () -> {
            ValueReader.value(v).end();
            return Keys.packetId(k);
        })));
        return new StoredSession(record, subscriptions, log, inbound);
    }

    private ApplicationMessage message(long id, byte[] entryKey) {
        ApplicationMessage m = messages.get(id);
        if (m == null) {
            byte[] key = Keys.message(id);
            byte[] value = db.get(Family.MESSAGES, key);
            if (value == null) {
                throw new StoreException("The session store at " + db.path() + " is damaged: the outbound log entry "
                        + StartupScan.describe(Family.OUTBOUND_LOG, entryKey) + " refers to message " + id
                        + ", which is missing");
            }
            m = decode(Family.MESSAGES, key, () -> MessageCodec.decode(value));
            messages.put(id, m);
            refs.register(id, m);
        }
        return m;
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
