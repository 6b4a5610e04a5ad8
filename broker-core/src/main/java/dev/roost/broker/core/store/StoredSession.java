package dev.roost.broker.core.store;

import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import java.util.List;
import java.util.Set;

/** Everything a store holds for one session, as loaded at start-up. Immutable. */
public record StoredSession(SessionRecord record, List<SessionSubscription> subscriptions, List<OutboundEntry> log,
                            Set<Integer> inboundQos2) {
    public StoredSession {
        subscriptions = List.copyOf(subscriptions);
        log = List.copyOf(log);
        inboundQos2 = Set.copyOf(inboundQos2);
    }
}
