package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.DropCounters;
import dev.roost.broker.core.session.DropReason;
import dev.roost.broker.core.session.Dropped;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.OutboundLog;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.Sequences;
import dev.roost.broker.core.session.SessionRegistry;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.EncodedSize;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Messages from the broker to a client: queueing in the session's log, sending within the client's Receive Maximum,
 * the QoS 1/2 acknowledgements, and replay when a session resumes (4.4: SENT entries again with DUP=1 and the same
 * packet id, PUBREL for those past PUBREC, then queued entries in order).
 *
 * <p>The log keeps on the heap only what is about to be sent ({@link OutboundLog}); this flow does its I/O: it pages
 * spilled entries in from the store, {@value #PAGE} at a time, when the log's head runs dry and the client's window
 * has room, and loads the in-flight entries of a resumed session before replaying them. A message's expiry is checked
 * when it is polled, so a spilled one that expired is dropped when it is paged in.
 *
 * <p>Every method runs on the lane of the session it is given.
 */
public final class OutboundFlow {
    /** How many spilled entries one store read pages in. */
    static final int PAGE = 256;

    private final BrokerSettings settings;
    private final Clock clock;
    private final SessionRegistry registry;
    private final DropCounters drops;
    private final SessionStore store;
    private final Sequences sequences;

    public OutboundFlow(BrokerSettings settings, Clock clock, SessionRegistry registry, DropCounters drops,
                        SessionStore store, Sequences sequences) {
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.drops = drops;
        this.store = store;
        this.sequences = sequences;
    }

    /** A new log entry, not yet stored; any lane may create one. */
    public OutboundEntry newEntry(ApplicationMessage message, Qos qos, boolean retainFlag,
                                  List<Integer> subscriptionIdentifiers) {
        return OutboundEntry.queued(sequences.next(), message, qos, retainFlag, subscriptionIdentifiers);
    }

    /**
     * Takes an entry the publisher's lane has already stored (a fan-out write) into the session of {@code clientId},
     * and sends it if the client's window allows. Runs on that session's lane.
     */
    public void acceptStored(String clientId, OutboundEntry entry) {
        Session session = registry.get(clientId);
        if (session == null) {
            drops.record(DropReason.NO_SESSION);
            store.deleteOutbound(clientId, entry.sequence()); // the session ended after the fan-out was written
            return;
        }
        if (entry.message().isExpired(clock.instant())) {
            drop(session, entry, DropReason.EXPIRED);
            return;
        }
        enqueue(session, entry, true, true);
    }

    /** Delivers a QoS 0 message to the session of {@code clientId}, if it still exists. Runs on its lane. */
    public void deliverQos0(String clientId, ApplicationMessage message, boolean retainFlag,
                            List<Integer> subscriptionIdentifiers) {
        Session session = registry.get(clientId);
        if (session == null) {
            drops.record(DropReason.NO_SESSION);
            return;
        }
        deliver(session, message, Qos.AT_MOST_ONCE, retainFlag, subscriptionIdentifiers);
    }

    /** Delivers to {@code session} from its own lane (retained messages on subscribe), storing what must be kept. */
    public void deliver(Session session, ApplicationMessage message, Qos qos, boolean retainFlag,
                        List<Integer> subscriptionIdentifiers) {
        Instant now = clock.instant();
        if (message.isExpired(now)) {
            drops.record(DropReason.EXPIRED);
            return;
        }
        ConnectionState connection = session.connection();
        if (qos == Qos.AT_MOST_ONCE) {
            if (connection != null) {
                if (connection.connection().isWritable() && !session.outbound().hasPending()) {
                    Publish publish = message.toPublish(qos, retainFlag, 0, false, subscriptionIdentifiers, now);
                    if (isTooLarge(connection, publish)) {
                        drops.record(DropReason.PACKET_TOO_LARGE);
                        return;
                    }
                    sendNew(connection, publish);
                    return;
                }
                // A slow consumer: held in the session's queue (bounded by its limits, on the heap only) until the
                // transport can take more; beyond the limits it is dropped and counted.
                enqueue(session, newEntry(message, qos, retainFlag, subscriptionIdentifiers), false, false);
                return;
            }
            if (!settings.queueQos0WhenOffline()) {
                drops.record(DropReason.QOS0_OFFLINE);
                return;
            }
        }
        enqueue(session, newEntry(message, qos, retainFlag, subscriptionIdentifiers), false, true);
    }

    /**
     * @param stored the entry is already in the store (a fan-out write)
     * @param persist the entry must be in the store (false for QoS 0 held for a slow consumer)
     */
    private void enqueue(Session session, OutboundEntry entry, boolean stored, boolean persist) {
        Dropped dropped = session.outbound().enqueue(entry, persist, session.isOnline(), settings.maxQueuedMessages(),
                settings.maxQueuedBytes(), settings.overflowPolicy());
        for (OutboundEntry d : dropped.entries()) {
            drops.record(d.qos() == Qos.AT_MOST_ONCE && session.isOnline()
                    ? DropReason.QOS0_SLOW_CONSUMER : DropReason.QUEUE_FULL);
            if (d != entry || stored) {
                store.deleteOutbound(session.clientId(), d.sequence());
            }
        }
        for (long sequence : dropped.spilled()) { // only in the store: its QoS is not known here
            drops.record(DropReason.QUEUE_FULL);
            store.deleteOutbound(session.clientId(), sequence);
        }
        if (persist && !stored && !dropped.contains(entry)) {
            store.appendOutbound(session.clientId(), entry);
        }
        drain(session);
    }

    /**
     * A connection resumed the session: load the in-flight entries it left in the store, replay them, then send what is
     * queued.
     */
    public void resume(Session session) {
        OutboundLog log = session.outbound();
        long[] inflight = log.spilledInflight();
        if (inflight.length > 0) {
            log.restoreInflight(store.loadOutbound(session.clientId(), inflight));
        }
        log.beginResend();
        drain(session);
    }

    /**
     * Sends what the client's Receive Maximum and the transport's buffer allow: replays first, then queued entries in
     * order. When the transport's buffer is full it stops; {@code MqttConnection.onWritable} calls it again.
     */
    public void drain(Session session) {
        ConnectionState connection = session.connection();
        if (connection == null) {
            return;
        }
        OutboundLog log = session.outbound();
        Instant now = clock.instant();
        while (log.unacknowledgedOnConnection() < connection.receiveMaximum()
                && connection.connection().isWritable()) {
            OutboundEntry replay = log.pollResend();
            if (replay != null) {
                resend(session, connection, replay, now);
                continue;
            }
            OutboundEntry next = log.pollQueued();
            if (next == null) {
                if (!log.needsPage()) {
                    break;
                }
                pageIn(session, log);
                continue;
            }
            if (next.message().isExpired(now)) {
                drop(session, next, DropReason.EXPIRED);
                continue;
            }
            Publish publish = next.message().toPublish(next.qos(), next.retainFlag(), 0, false,
                    next.subscriptionIdentifiers(), now);
            if (isTooLarge(connection, publish)) {
                drop(session, next, DropReason.PACKET_TOO_LARGE);
                continue;
            }
            if (next.qos() == Qos.AT_MOST_ONCE) {
                if (settings.queueQos0WhenOffline()) { // only then can a QoS 0 entry be in the store
                    store.deleteOutbound(session.clientId(), next.sequence());
                }
                sendNew(connection, publish);
                continue;
            }
            OutboundEntry sent = log.markSent(next);
            store.updateOutbound(session.clientId(), sent);
            sendNew(connection, publish.withDelivery(sent.packetId(), false, publish.qos(), publish.retain()));
        }
        session.refreshInflightCount();
    }

    /** PUBACK: the QoS 1 exchange is complete and its packet id free again [MQTT-4.3.2-5]. */
    public void onPubAck(Session session, PubAck ack) {
        OutboundEntry entry = session.outbound().inflight(ack.packetId());
        if (entry != null && entry.qos() == Qos.AT_LEAST_ONCE) {
            session.outbound().remove(ack.packetId());
            store.deleteOutbound(session.clientId(), entry.sequence());
        }
        drain(session);
    }

    /** PUBREC: answer PUBREL [MQTT-4.3.3-4]; an error code ends the exchange. */
    public void onPubRec(Session session, PubRec rec) {
        OutboundLog log = session.outbound();
        OutboundEntry entry = log.inflight(rec.packetId());
        ConnectionState connection = session.connection();
        if (entry == null || entry.qos() != Qos.EXACTLY_ONCE) {
            if (connection != null) {
                connection.connection().send(PubRel.of(rec.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
            }
        } else if (rec.reasonCode().isError()) {
            log.remove(rec.packetId());
            store.deleteOutbound(session.clientId(), entry.sequence());
        } else {
            OutboundEntry released = log.pubRecReceived(rec.packetId());
            if (released != entry) {
                store.updateOutbound(session.clientId(), released);
            }
            if (connection != null) {
                connection.connection().send(PubRel.of(rec.packetId()));
            }
        }
        drain(session);
    }

    /** PUBCOMP: the QoS 2 exchange is complete and its packet id free again. */
    public void onPubComp(Session session, PubComp comp) {
        OutboundEntry entry = session.outbound().inflight(comp.packetId());
        if (entry != null && entry.state() == OutboundEntry.State.PUBREL_SENT) {
            session.outbound().remove(comp.packetId());
            store.deleteOutbound(session.clientId(), entry.sequence());
        }
        drain(session);
    }

    /** Moves the next page of the spilled tail into the log's head: one store read. */
    private void pageIn(Session session, OutboundLog log) {
        long[] page = log.spilledPage(PAGE);
        log.pageIn(PAGE, page.length == 0 ? List.of() : store.loadOutbound(session.clientId(), page));
    }

    private void resend(Session session, ConnectionState connection, OutboundEntry entry, Instant now) {
        if (entry.state() == OutboundEntry.State.PUBREL_SENT) {
            connection.connection().send(PubRel.of(entry.packetId()));
            return;
        }
        Publish publish = entry.message().toPublish(entry.qos(), entry.retainFlag(), entry.packetId(), true,
                entry.subscriptionIdentifiers(), now);
        if (isTooLarge(connection, publish)) {
            session.outbound().remove(entry.packetId());
            drop(session, entry, DropReason.PACKET_TOO_LARGE);
            return;
        }
        sendNew(connection, publish);
    }

    private void drop(Session session, OutboundEntry entry, DropReason reason) {
        drops.record(reason);
        store.deleteOutbound(session.clientId(), entry.sequence());
    }

    private static boolean isTooLarge(ConnectionState connection, Publish publish) {
        return connection.maximumPacketSize() > 0
                && EncodedSize.publish(publish, connection.version()) > connection.maximumPacketSize();
    }

    /** Whether {@code publish} fits with an alias added to its full topic, the largest form an alias can give it. */
    private static boolean fitsWithAlias(ConnectionState connection, Publish publish) {
        return connection.maximumPacketSize() == 0 || !isTooLarge(connection, publish.withTopic(publish.topic(), 1));
    }

    /**
     * Sends a PUBLISH, replacing a repeated topic by an alias where the client allows it and the aliased packet still
     * fits the client's Maximum Packet Size [MQTT-3.1.2-24]; the caller has checked the plain packet.
     */
    private static void sendNew(ConnectionState connection, Publish publish) {
        if (connection.acceptsTopicAliases() && fitsWithAlias(connection, publish)) {
            int alias = connection.outboundAlias(publish.topic());
            if (alias < 0) {
                publish = publish.withTopic(publish.topic(), -alias);
            } else if (alias > 0) {
                publish = publish.withTopic("", alias);
            }
        }
        connection.connection().send(publish);
    }
}
