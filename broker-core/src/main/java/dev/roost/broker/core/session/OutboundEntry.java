package dev.roost.broker.core.session;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.protocol.Qos;
import java.util.List;

/**
 * One message in a session's outbound log, with where its exchange stands. Immutable: a transition returns a new
 * entry.
 *
 * @param sequence the order in which the session received the message; a log is sorted by it
 * @param qos the QoS it is delivered with (the lower of the published and the granted QoS)
 * @param retainFlag the RETAIN flag to send
 * @param packetId 0 until the entry is sent
 */
public record OutboundEntry(
        long sequence,
        ApplicationMessage message,
        Qos qos,
        boolean retainFlag,
        List<Integer> subscriptionIdentifiers,
        int packetId,
        State state) {

    /** Where the exchange stands: QUEUED → SENT → (QoS 2) PUBREL_SENT → removed. */
    public enum State { QUEUED, SENT, PUBREL_SENT }

    public OutboundEntry {
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }

    public static OutboundEntry queued(long sequence, ApplicationMessage message, Qos qos, boolean retainFlag,
                                       List<Integer> subscriptionIdentifiers) {
        return new OutboundEntry(sequence, message, qos, retainFlag, subscriptionIdentifiers, 0, State.QUEUED);
    }

    public OutboundEntry sent(int id) {
        return new OutboundEntry(sequence, message, qos, retainFlag, subscriptionIdentifiers, id, State.SENT);
    }

    public OutboundEntry pubRelSent() {
        return new OutboundEntry(sequence, message, qos, retainFlag, subscriptionIdentifiers, packetId,
                State.PUBREL_SENT);
    }

    /** Payload bytes, for the per-session byte limit. */
    public int size() {
        return message.payload().length;
    }
}
