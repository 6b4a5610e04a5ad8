package dev.roost.broker.core.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every session the broker holds, by client id. Lookups are safe from any thread; a session is only added or removed
 * on its own lane.
 */
public final class SessionRegistry {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** @return the session, or {@code null} */
    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public void put(Session session) {
        sessions.put(session.clientId(), session);
    }

    public void remove(Session session) {
        sessions.remove(session.clientId(), session);
    }

    public boolean isOnline(String clientId) {
        Session s = sessions.get(clientId);
        return s != null && s.isOnline();
    }

    public int inflightOf(String clientId) {
        Session s = sessions.get(clientId);
        return s == null ? 0 : s.inflightCount();
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }
}
