package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.protocol.Qos;
import java.util.List;

/**
 * An outbound log entry as stored: the message is referred to by its id in the {@code messages} column family.
 * Immutable.
 */
record LogEntry(long sequence, long messageId, Qos qos, boolean retainFlag, List<Integer> subscriptionIdentifiers,
                int packetId, OutboundEntry.State state) {

    static LogEntry of(OutboundEntry entry, long messageId) {
        return new LogEntry(entry.sequence(), messageId, entry.qos(), entry.retainFlag(),
                entry.subscriptionIdentifiers(), entry.packetId(), entry.state());
    }

    /** The entry with its message, which the caller shares among every entry with the same message id. */
    OutboundEntry withMessage(ApplicationMessage message) {
        return new OutboundEntry(sequence, message, qos, retainFlag, subscriptionIdentifiers, packetId, state);
    }
}
