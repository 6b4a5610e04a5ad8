package dev.roost.client;

import dev.roost.client.session.OutboundEntry;
import dev.roost.client.session.SessionChange;
import dev.roost.client.session.SessionData;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.UnsubAck;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The handler registry and the three message flows of one client, and the packet-id space they share. Not
 * thread-safe: owned by the client's I/O thread.
 */
final class Flows {
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final OutboundFlow outbound;
    private final InboundFlow inbound;
    private final SubscriptionFlow subscriptions = new SubscriptionFlow();

    Flows(ClientConfig config, EventLoop loop, Consumer<ProtocolViolation> violations) {
        this.outbound = new OutboundFlow(config.maxQueuedMessages(), config.listener());
        this.inbound = new InboundFlow(handlers, config.defaultHandler(), config.receiveMaximum(),
                config.handlerGracePeriod(), loop, violations);
    }

    /** Points every flow at {@code session}, with packet ids that continue after the session's last one. */
    void attach(SessionRuntime session) {
        PacketIds ids = new PacketIds(session.data().lastPacketId());
        for (OutboundEntry entry : session.data().outbound()) {
            ids.reserve(entry.packetId());
        }
        outbound.attach(session, ids);
        inbound.attach(session);
        subscriptions.attach(session, ids);
    }

    /**
     * Session Present 0: the server has no session, so the client's protocol session state goes [MQTT-3.2.2-5]:
     * open outbound exchanges (their futures fail), inbound QoS 2 ids, subscriptions. Queued messages stay.
     *
     * @return what was discarded, for the application
     */
    DiscardedSessionState discardProtocolState(SessionKeeper sessions) {
        SessionData data = sessions.data();
        if (data.outbound().isEmpty() && data.inboundQos2().isEmpty() && data.subscriptions().isEmpty()) {
            return DiscardedSessionState.NONE;
        }
        List<Integer> inboundIds = new ArrayList<>(data.inboundQos2());
        List<Subscription> lostSubscriptions = new ArrayList<>(data.subscriptions().values());
        List<OutboundEntry> lostOutbound = outbound.discard();
        sessions.apply(new SessionChange.ProtocolStateDiscarded());
        return new DiscardedSessionState(lostOutbound, inboundIds, lostSubscriptions);
    }

    /** @return {@code false} when {@code packet} is not one of the flows' (CONNACK, DISCONNECT, AUTH) */
    boolean route(Packet packet) {
        switch (packet.type()) {
            case PUBLISH -> inbound.onPublish((Publish) packet);
            case PUBACK -> outbound.onPubAck((PubAck) packet);
            case PUBREC -> outbound.onPubRec((PubRec) packet);
            case PUBREL -> inbound.onPubRel((PubRel) packet);
            case PUBCOMP -> outbound.onPubComp((PubComp) packet);
            case SUBACK -> subscriptions.onSubAck((SubAck) packet);
            case UNSUBACK -> subscriptions.onUnsubAck((UnsubAck) packet);
            case PINGRESP -> { }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A CONNACK accepted {@code connection}; {@code resubscribe} are made again first (Session Present 0). */
    void onConnected(Connection connection, boolean sessionPresent, List<Subscription> resubscribe) {
        inbound.onConnected(connection);
        outbound.onConnected(connection, sessionPresent);
        subscriptions.onConnected(connection, resubscribe);
    }

    void onConnectionLost() {
        inbound.onConnectionLost();
        outbound.onConnectionLost();
        subscriptions.onConnectionLost();
    }

    /** Fails every future still waiting; messages stay in the session. */
    void failAll(Throwable cause) {
        outbound.failAll(cause);
        subscriptions.failAll(cause);
    }

    HandlerRegistry handlers() {
        return handlers;
    }

    OutboundFlow outbound() {
        return outbound;
    }

    InboundFlow inbound() {
        return inbound;
    }

    SubscriptionFlow subscriptions() {
        return subscriptions;
    }
}
