package dev.roost.broker.core.store;

import dev.roost.broker.core.session.OutboundEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a whole {@link SessionStore} back for assertions: every session, and a session's log with its messages. Tests
 * only: it holds everything in memory, which the broker never does. Stateless.
 */
public final class StoreContents {
    private StoreContents() {
    }

    /** Every stored session, in the order the store streamed them. */
    public static List<StoredSession> sessions(SessionStore store) {
        List<StoredSession> all = new ArrayList<>();
        store.loadSessions(all::add);
        return all;
    }

    public static Optional<StoredSession> session(SessionStore store, String clientId) {
        return sessions(store).stream().filter(s -> s.record().clientId().equals(clientId)).findFirst();
    }

    /** The session's whole log, in-flight and queued entries in sequence order; empty if there is no such session. */
    public static List<OutboundEntry> log(SessionStore store, String clientId) {
        return session(store, clientId).map(s -> store.loadOutbound(clientId, s.log().sequences()))
                .orElse(List.of());
    }
}
