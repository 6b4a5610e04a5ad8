package dev.roost.broker.core.store;

import dev.roost.broker.core.session.SessionSubscription;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a store holds for one session, as loaded at start-up: the log only as references ({@link StoredLog}), its
 * messages stay in the store until they are sent. Immutable.
 */
public record StoredSession(SessionRecord record, List<SessionSubscription> subscriptions, StoredLog log,
                            Set<Integer> inboundQos2) {
    public StoredSession {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(log, "log");
        subscriptions = List.copyOf(subscriptions);
        inboundQos2 = Set.copyOf(inboundQos2);
    }
}
