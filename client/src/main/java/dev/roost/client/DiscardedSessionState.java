package dev.roost.client;

import dev.roost.client.session.OutboundEntry;
import dev.roost.client.session.OutboundState;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import java.util.List;

/**
 * What the client had to discard because the server answered CONNACK with Session Present 0 while the client held
 * session state [MQTT-3.2.2-5]: the server has none, so these exchanges can never complete. The client never drops
 * them silently: it reports them to {@link ClientListener#onSessionStateDiscarded}, fails their futures with
 * {@link SessionDiscardedException}, and returns them in {@link ConnectResult#discarded()}. Messages that were queued
 * and never sent are not discarded: they are sent on the new session.
 *
 * <p>Immutable and thread-safe.
 *
 * @param outbound outbound exchanges: in state {@link OutboundState#SENT} the server may or may not have received
 *     the message (republish it if it must arrive); in {@link OutboundState#PUBREL_SENT} the server had received it
 *     and only its completion is lost
 * @param inboundQos2 ids of inbound QoS 2 messages that were delivered to handlers but whose PUBREL never came;
 *     nothing is lost for the application, the ids are listed for completeness
 * @param subscriptions subscriptions the server no longer has; those with a registered handler are re-subscribed
 *     when {@link ClientConfig#resubscribeOnSessionLoss()} is on, the others only if the application subscribes
 *     again
 */
public record DiscardedSessionState(List<OutboundEntry> outbound, List<Integer> inboundQos2,
                                    List<Subscription> subscriptions) {
    public static final DiscardedSessionState NONE = new DiscardedSessionState(List.of(), List.of(), List.of());

    public DiscardedSessionState {
        outbound = List.copyOf(outbound);
        inboundQos2 = List.copyOf(inboundQos2);
        subscriptions = List.copyOf(subscriptions);
    }

    public boolean isEmpty() {
        return outbound.isEmpty() && inboundQos2.isEmpty() && subscriptions.isEmpty();
    }

    /** @return the messages of {@link #outbound} the server may never have received (state SENT) */
    public List<Publish> possiblyUndelivered() {
        return outbound.stream().filter(e -> e.state() == OutboundState.SENT).map(OutboundEntry::publish).toList();
    }

    @Override
    public String toString() {
        return "DiscardedSessionState[" + outbound.size() + " outbound exchanges (" + possiblyUndelivered().size()
                + " possibly undelivered), " + inboundQos2.size() + " inbound QoS 2 ids, " + subscriptions.size()
                + " subscriptions]";
    }
}
