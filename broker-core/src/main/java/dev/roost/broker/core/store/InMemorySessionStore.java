package dev.roost.broker.core.store;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link SessionStore} on the heap: nothing survives the process. For tests, and for brokers that do not need
 * durability. Every log entry stays on the heap here, so paging a session's log out to its store saves no memory with
 * this engine. Thread-safe: each session's data is confined to its lane, the maps are concurrent.
 */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, ApplicationMessage> retained = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile SessionRecord record;
        final Map<String, SessionSubscription> subscriptions = new LinkedHashMap<>();
        final TreeMap<Long, OutboundEntry> log = new TreeMap<>();
        final Set<Integer> inboundQos2 = new HashSet<>();
    }

    private Entry entry(String clientId) {
        return sessions.computeIfAbsent(clientId, id -> new Entry());
    }

    @Override
    public void saveSession(SessionRecord record) {
        entry(record.clientId()).record = record;
    }

    @Override
    public void deleteSession(String clientId) {
        sessions.remove(clientId);
    }

    @Override
    public void saveSubscription(String clientId, SessionSubscription subscription) {
        Entry e = entry(clientId);
        synchronized (e) {
            e.subscriptions.put(subscription.subscription().filter(), subscription);
        }
    }

    @Override
    public void deleteSubscription(String clientId, String filter) {
        Entry e = sessions.get(clientId);
        if (e != null) {
            synchronized (e) {
                e.subscriptions.remove(filter);
            }
        }
    }

    @Override
    public void appendOutbound(String clientId, OutboundEntry entry) {
        Entry e = entry(clientId);
        synchronized (e) {
            e.log.put(entry.sequence(), entry);
        }
    }

    @Override
    public void appendFanOut(List<SessionEntry> entries) {
        for (SessionEntry e : entries) {
            appendOutbound(e.clientId(), e.entry());
        }
    }

    @Override
    public void updateOutbound(String clientId, OutboundEntry entry) {
        appendOutbound(clientId, entry);
    }

    @Override
    public void deleteOutbound(String clientId, long sequence) {
        Entry e = sessions.get(clientId);
        if (e != null) {
            synchronized (e) {
                e.log.remove(sequence);
            }
        }
    }

    @Override
    public void saveInboundQos2(String clientId, int packetId) {
        Entry e = entry(clientId);
        synchronized (e) {
            e.inboundQos2.add(packetId);
        }
    }

    @Override
    public void deleteInboundQos2(String clientId, int packetId) {
        Entry e = sessions.get(clientId);
        if (e != null) {
            synchronized (e) {
                e.inboundQos2.remove(packetId);
            }
        }
    }

    @Override
    public void saveRetained(ApplicationMessage message) {
        retained.put(message.topic(), message);
    }

    @Override
    public void deleteRetained(String topic) {
        retained.remove(topic);
    }

    @Override
    public void loadSessions(Consumer<StoredSession> sink) {
        for (Entry e : sessions.values()) {
            StoredSession loaded = null;
            synchronized (e) {
                if (e.record != null) {
                    StoredLog.Builder log = StoredLog.builder();
                    for (OutboundEntry o : e.log.values()) {
                        if (o.state() == OutboundEntry.State.QUEUED) {
                            log.queued(o.sequence(), o.size());
                        } else {
                            log.inflight(o.sequence());
                        }
                    }
                    loaded = new StoredSession(e.record, List.copyOf(e.subscriptions.values()), log.build(),
                            Set.copyOf(e.inboundQos2));
                }
            }
            if (loaded != null) {
                sink.accept(loaded);
            }
        }
    }

    @Override
    public List<OutboundEntry> loadOutbound(String clientId, long[] sequences) {
        Entry e = sessions.get(clientId);
        if (e == null) {
            return List.of();
        }
        List<OutboundEntry> found = new ArrayList<>(sequences.length);
        synchronized (e) {
            for (long sequence : sequences) {
                OutboundEntry o = e.log.get(sequence);
                if (o != null) {
                    found.add(o);
                }
            }
        }
        return found;
    }

    @Override
    public List<ApplicationMessage> loadRetained() {
        return List.copyOf(retained.values());
    }

    /** Nothing to do: the heap is as durable as this store gets. */
    @Override
    public void sync() {
    }

    @Override
    public void close() {
    }
}
