package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store logic both bundled stores share: sessions keyed by broker and client id, "last used", null sessions,
 * restore. What differs between them, persistence, comes in as a {@link Journal} per session.
 *
 * <p>Thread-safe: every method holds this object's monitor; {@link CatalogSession} holds it while it changes its data.
 */
final class SessionCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCatalog.class);
    private static final Comparator<CatalogSession> MOST_RECENT_FIRST = Comparator
            .comparing((CatalogSession s) -> s.data().lastUsedAt())
            .thenComparingLong(CatalogSession::creationOrder).reversed();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(BrokerAddress broker, String clientId) {
    }

    private final Clock clock;
    private final Function<ClientSessionState, Journal> journals;
    private final Map<Key, CatalogSession> sessions = new HashMap<>();
    private long creationCounter;
    private boolean closed;

    /** @param journals creates the journal of a new session, persisting its initial state durably */
    SessionCatalog(Clock clock, Function<ClientSessionState, Journal> journals) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journals = Objects.requireNonNull(journals, "journals");
    }

    /** Adds a session loaded from storage; a duplicate key keeps the more recently used one. */
    synchronized void adopt(SessionData data, Journal journal) {
        Key key = new Key(data.broker(), data.clientId());
        CatalogSession loaded = new CatalogSession(this, data, journal, creationCounter++);
        CatalogSession other = sessions.get(key);
        if (other != null && MOST_RECENT_FIRST.compare(other, loaded) <= 0) {
            LOG.warn("Two stored sessions for {} client id '{}'; using the more recently used one", key.broker(),
                    key.clientId());
            journal.close();
            return;
        }
        if (other != null) {
            other.journal().close();
        }
        sessions.put(key, loaded);
    }

    synchronized StoredSession lastUsed(BrokerAddress broker, MqttVersion version) {
        requireOpen();
        CatalogSession last = sessions.values().stream()
                .filter(s -> s.data().broker().equals(broker))
                .min(MOST_RECENT_FIRST)
                .orElse(null);
        return last != null ? touch(last) : create(broker, generateClientId(), version);
    }

    synchronized StoredSession forClientId(BrokerAddress broker, String clientId, MqttVersion version) {
        requireOpen();
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("an empty client id asks for a null session: use createNullSession");
        }
        CatalogSession existing = sessions.get(new Key(broker, clientId));
        return existing != null ? touch(existing) : create(broker, clientId, version);
    }

    synchronized boolean hasAny(BrokerAddress broker) {
        requireOpen();
        return sessions.keySet().stream().anyMatch(k -> k.broker().equals(broker));
    }

    synchronized StoredSession createNullSession(BrokerAddress broker, MqttVersion version) {
        requireOpen();
        if (!version.isV5()) {
            throw new IllegalArgumentException("A null session needs MQTT 5.0: an MQTT " + version.protocolName()
                    + " level " + version.level() + " CONNACK cannot tell the client which id the server assigned,"
                    + " so the session could never be resumed. Choose a client id, or connect with MQTT 5.0.");
        }
        CatalogSession existing = sessions.get(new Key(broker, ""));
        return existing != null ? touch(existing) : create(broker, "", version);
    }

    synchronized StoredSession restore(ClientSessionState state) {
        requireOpen();
        Key key = new Key(state.broker(), state.clientId());
        CatalogSession old = sessions.remove(key);
        if (old != null) {
            old.journal().delete();
        }
        return touch(register(state));
    }

    synchronized List<ClientSessionState> sessions(BrokerAddress broker) {
        requireOpen();
        List<CatalogSession> found = new ArrayList<>();
        sessions.values().stream().filter(s -> s.data().broker().equals(broker)).forEach(found::add);
        found.sort(MOST_RECENT_FIRST);
        return found.stream().map(s -> s.data().snapshot()).toList();
    }

    synchronized boolean remove(BrokerAddress broker, String clientId) {
        requireOpen();
        CatalogSession removed = sessions.remove(new Key(broker, clientId));
        if (removed != null) {
            removed.journal().delete();
        }
        return removed != null;
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            sessions.values().forEach(s -> s.journal().close());
        }
    }

    /** Moves a null session under its assigned id; called by the session with this monitor held. */
    void rekey(CatalogSession session, String clientId) {
        SessionData data = session.data();
        if (!data.clientId().isEmpty()) {
            throw new IllegalStateException("client id " + data.clientId() + " is not a null session's");
        }
        CatalogSession replaced = sessions.remove(new Key(data.broker(), clientId));
        if (replaced != null && replaced != session) {
            LOG.info("The server assigned client id '{}' on {}, which names an older stored session; replacing it",
                    clientId, data.broker());
            replaced.journal().delete();
        }
        sessions.remove(new Key(data.broker(), ""), session);
        sessions.put(new Key(data.broker(), clientId), session);
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the session store is closed");
        }
    }

    private CatalogSession create(BrokerAddress broker, String clientId, MqttVersion version) {
        return touch(register(ClientSessionState.empty(broker, clientId, version, clock.instant())));
    }

    private CatalogSession register(ClientSessionState state) {
        Journal journal = journals.apply(state);
        CatalogSession session = new CatalogSession(this, new SessionData(state), journal, creationCounter++);
        sessions.put(new Key(state.broker(), state.clientId()), session);
        return session;
    }

    /** Marks the session used now; strictly later than any other of its broker, so "last used" is never a tie. */
    private CatalogSession touch(CatalogSession session) {
        Instant at = clock.instant();
        for (CatalogSession other : sessions.values()) {
            Instant used = other.data().lastUsedAt();
            if (other != session && other.data().broker().equals(session.data().broker()) && !at.isAfter(used)) {
                at = used.plusNanos(1);
            }
        }
        session.append(new SessionChange.Used(at));
        session.sync();
        return session;
    }

    /** @return "roost" and 17 random letters and digits: 22 characters, within what any 3.1.1 server accepts */
    static String generateClientId() {
        StringBuilder sb = new StringBuilder("roost");
        for (int i = 0; i < 17; i++) {
            sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }
}
