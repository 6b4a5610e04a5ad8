package dev.roost.broker.core.store;

import dev.roost.broker.core.session.OutboundEntry;
import java.util.Objects;

/** An outbound log entry together with the session it belongs to, for a fan-out write. */
public record SessionEntry(String clientId, OutboundEntry entry) {
    public SessionEntry {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(entry, "entry");
    }
}
