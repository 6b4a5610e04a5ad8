package dev.roost.client.session;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import java.util.Objects;

/**
 * One outbound QoS 1 or 2 exchange of a session: the packet identifier it travels under, its state and the message.
 * The message is kept apart from its transmission details (DUP, packet id): {@code publish} is the application message
 * with packet id 0 and DUP 0; {@link #wireForm(boolean)} makes the PUBLISH that goes on the wire.
 *
 * <p>Immutable and thread-safe.
 *
 * @param packetId 1 to 65535
 * @param state never {@code null}
 * @param publish the message, QoS 1 or 2; never {@code null}
 */
public record OutboundEntry(int packetId, OutboundState state, Publish publish) {
    public OutboundEntry {
        if (packetId < 1 || packetId > 65535) {
            throw new IllegalArgumentException("packet id must be 1 to 65535: " + packetId);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(publish, "publish");
        if (publish.qos() == Qos.AT_MOST_ONCE) {
            throw new IllegalArgumentException("a QoS 0 message has no outbound exchange");
        }
        if (state == OutboundState.PUBREL_SENT && publish.qos() != Qos.EXACTLY_ONCE) {
            throw new IllegalArgumentException("only a QoS 2 exchange has a PUBREL");
        }
    }

    /** @return the PUBLISH to write for this entry, with its packet id and the given DUP flag [MQTT-3.3.1-1] */
    public Publish wireForm(boolean dup) {
        return publish.withDelivery(packetId, dup, publish.qos(), publish.retain());
    }

    /** @return this entry after PUBREC: PUBREL is owed */
    public OutboundEntry released() {
        return new OutboundEntry(packetId, OutboundState.PUBREL_SENT, publish);
    }
}
