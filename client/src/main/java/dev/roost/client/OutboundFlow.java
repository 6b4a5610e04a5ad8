package dev.roost.client;

import dev.roost.client.session.OutboundEntry;
import dev.roost.client.session.OutboundState;
import dev.roost.client.session.QueuedPublish;
import dev.roost.client.session.SessionChange;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.EncodedSize;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's outbound messages, from {@code publish()} to PUBACK or PUBCOMP. A message enters the session's queue
 * ({@link SessionChange.Queued}); when it can be sent — connected, within the server's Receive Maximum, a packet id
 * free — it becomes an outbound exchange ({@link SessionChange.Sent}) and its PUBLISH is written; PUBREC moves a QoS 2
 * exchange to PUBREL_SENT; PUBACK/PUBCOMP end it. Each change is recorded before the packet it describes is written,
 * and the store is synced before the write is flushed (see {@link Connection}).
 *
 * <p>On a resumed session (Session Present 1) every open exchange is replayed in its original order: PUBLISH again
 * with DUP 1 and the same packet id, or the owed PUBREL [MQTT-4.4.0-1]. A QoS 0 message is sent at once when
 * connected and nothing is queued ahead of it, without touching the store; otherwise it is queued like the rest.
 *
 * <p>A message is handed to its future when this client published it, else (an earlier run, a restore) to the
 * {@link ClientListener}. Not thread-safe: owned by the client's I/O thread.
 */
final class OutboundFlow {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundFlow.class);

    private final int maxQueuedMessages;
    private final ClientListener listener;
    private final Map<Long, CompletableFuture<PublishResult>> queuedFutures = new HashMap<>();
    private final Map<Integer, CompletableFuture<PublishResult>> inFlightFutures = new HashMap<>();
    private SessionRuntime session;
    private PacketIds ids;
    private Connection connection;
    private int inFlight;

    OutboundFlow(int maxQueuedMessages, ClientListener listener) {
        this.maxQueuedMessages = maxQueuedMessages;
        this.listener = listener;
    }

    /** Starts working on a session (its ids already reserved in {@code packetIds}); earlier futures fail. */
    void attach(SessionRuntime newSession, PacketIds packetIds) {
        failAll(new SessionDiscardedException("the session was replaced by a restored one"));
        session = newSession;
        ids = packetIds;
    }

    void publish(Publish message, CompletableFuture<PublishResult> future) {
        Publish m = message.withDelivery(0, false, message.qos(), message.retain()).withTopic(message.topic(), 0)
                .withSubscriptionIdentifiers(List.of());
        try {
            Topics.validateTopicName(m.topic());
        } catch (ProtocolViolation e) {
            future.completeExceptionally(new IllegalArgumentException(e.getMessage(), e));
            return;
        }
        PublishRejectedException refused = connection == null ? null : check(m);
        if (refused != null) {
            future.completeExceptionally(refused);
        } else if (m.qos() == Qos.AT_MOST_ONCE && connection != null && session.data().queuedCount() == 0) {
            sendQos0(m, future);
        } else if (session.data().queuedCount() >= maxQueuedMessages) {
            future.completeExceptionally(new PublishRejectedException(ReasonCode.QUOTA_EXCEEDED,
                    maxQueuedMessages + " messages are already waiting to be sent (ClientConfigBuilder"
                            + ".maxQueuedMessages)"));
        } else {
            long sequence = session.data().nextSequence();
            session.apply(new SessionChange.Queued(new QueuedPublish(sequence, m)));
            queuedFutures.put(sequence, future);
            drain();
        }
    }

    /** A CONNACK accepted {@code accepted}: replay open exchanges if the session was resumed, then send the queue. */
    void onConnected(Connection accepted, boolean sessionPresent) {
        connection = accepted;
        inFlight = 0;
        if (sessionPresent) {
            for (OutboundEntry entry : session.data().outbound()) {
                inFlight++;
                connection.send(entry.state() == OutboundState.SENT ? entry.wireForm(true)
                        : PubRel.of(entry.packetId()));
            }
        }
        drain();
    }

    /**
     * Session Present 0: every open exchange is lost with the server's session. Their futures fail and their ids are
     * freed; the caller records {@link SessionChange.ProtocolStateDiscarded} and reports the returned entries.
     */
    List<OutboundEntry> discard() {
        List<OutboundEntry> lost = new ArrayList<>(session.data().outbound());
        for (OutboundEntry entry : lost) {
            ids.release(entry.packetId());
            CompletableFuture<PublishResult> future = inFlightFutures.remove(entry.packetId());
            if (future != null) {
                future.completeExceptionally(new SessionDiscardedException("the server did not keep the session;"
                        + " this message " + (entry.state() == OutboundState.SENT ? "may not have arrived"
                        : "arrived, its completion is lost")));
            }
        }
        return lost;
    }

    void onPubAck(PubAck ack) {
        OutboundEntry entry = session.data().outbound(ack.packetId());
        if (entry == null || entry.publish().qos() != Qos.AT_LEAST_ONCE) {
            LOG.warn("PUBACK for packet id {}, which has no QoS 1 exchange open; ignored", ack.packetId());
            return;
        }
        complete(entry, ack.reasonCode(), ack.properties().reasonString(), ack.reasonCode().isError());
    }

    void onPubRec(PubRec rec) {
        OutboundEntry entry = session.data().outbound(rec.packetId());
        if (entry == null || entry.publish().qos() != Qos.EXACTLY_ONCE) {
            LOG.warn("PUBREC for packet id {}, which has no QoS 2 exchange open", rec.packetId());
            connection.send(connection.version().isV5()
                    ? PubRel.of(rec.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND) : PubRel.of(rec.packetId()));
            return;
        }
        if (rec.reasonCode().isError()) {
            complete(entry, rec.reasonCode(), rec.properties().reasonString(), true);
            return;
        }
        if (entry.state() == OutboundState.SENT) {
            session.apply(new SessionChange.PubRecReceived(entry.packetId()));
        }
        connection.send(PubRel.of(entry.packetId()));
    }

    void onPubComp(PubComp comp) {
        OutboundEntry entry = session.data().outbound(comp.packetId());
        if (entry == null || entry.state() != OutboundState.PUBREL_SENT) {
            LOG.warn("PUBCOMP for packet id {}, which has no PUBREL outstanding; ignored", comp.packetId());
            return;
        }
        // Even PACKET_IDENTIFIER_NOT_FOUND: the server had the message (it sent PUBREC), so it counts as completed.
        complete(entry, comp.reasonCode(), comp.properties().reasonString(), false);
    }

    void onConnectionLost() {
        connection = null;
        inFlight = 0;
    }

    /** Fails every future; the messages stay in the session store. */
    void failAll(Throwable cause) {
        queuedFutures.values().forEach(f -> f.completeExceptionally(cause));
        inFlightFutures.values().forEach(f -> f.completeExceptionally(cause));
        queuedFutures.clear();
        inFlightFutures.clear();
    }

    private void complete(OutboundEntry entry, ReasonCode reason, String reasonString, boolean failed) {
        int id = entry.packetId();
        session.apply(new SessionChange.OutboundCompleted(id));
        ids.release(id);
        inFlight--;
        CompletableFuture<PublishResult> future = inFlightFutures.remove(id);
        if (failed) {
            finish(future, entry.publish(), null, new PublishRejectedException(reason, reasonString));
        } else {
            finish(future, entry.publish(), new PublishResult(entry.publish().qos(), reason, reasonString), null);
        }
        drain();
    }

    /** Sends queued messages, oldest first, while the connection and the server's window allow. */
    private void drain() {
        while (connection != null && session.data().queuedCount() > 0) {
            QueuedPublish head = session.data().queued().iterator().next();
            Publish m = head.publish();
            PublishRejectedException refused = check(m);
            if (refused != null) {
                session.apply(new SessionChange.QueuedRemoved(head.sequence()));
                finish(queuedFutures.remove(head.sequence()), m, null, refused);
            } else if (m.qos() == Qos.AT_MOST_ONCE) {
                session.apply(new SessionChange.Sent(head.sequence(), 0));
                CompletableFuture<PublishResult> future = queuedFutures.remove(head.sequence());
                sendQos0(m, future != null ? future : new CompletableFuture<>());
            } else {
                int id = inFlight < connection.limits().receiveMaximum() ? ids.allocate() : 0;
                if (id == 0) {
                    return;
                }
                session.apply(new SessionChange.Sent(head.sequence(), id));
                inFlight++;
                CompletableFuture<PublishResult> future = queuedFutures.remove(head.sequence());
                if (future != null) {
                    inFlightFutures.put(id, future);
                }
                connection.send(session.data().outbound(id).wireForm(false));
            }
        }
    }

    private void sendQos0(Publish m, CompletableFuture<PublishResult> future) {
        connection.send(m).addListener(written -> {
            if (written.isSuccess()) {
                future.complete(new PublishResult(Qos.AT_MOST_ONCE, ReasonCode.SUCCESS, null));
            } else {
                future.completeExceptionally(written.cause());
            }
        });
    }

    /** @return why the current connection cannot carry {@code m}, or {@code null} when it can */
    private PublishRejectedException check(Publish m) {
        ConnectionLimits limits = connection.limits();
        long size = EncodedSize.publish(m.qos() == Qos.AT_MOST_ONCE ? m : m.withDelivery(1, false, m.qos(),
                m.retain()), connection.version());
        if (size > limits.maximumPacketSize()) {
            return new PublishRejectedException(ReasonCode.PACKET_TOO_LARGE, "the PUBLISH takes " + size
                    + " bytes, the server's Maximum Packet Size is " + limits.maximumPacketSize());
        }
        if (m.qos().compareTo(limits.maximumQos()) > 0) {
            return new PublishRejectedException(ReasonCode.QOS_NOT_SUPPORTED, "the server's Maximum QoS is "
                    + limits.maximumQos().value());
        }
        if (m.retain() && !limits.retainAvailable()) {
            return new PublishRejectedException(ReasonCode.RETAIN_NOT_SUPPORTED, "the server has no retained"
                    + " messages");
        }
        return null;
    }

    private void finish(CompletableFuture<PublishResult> future, Publish message, PublishResult result,
                        Throwable failure) {
        if (future != null) {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        } else if (failure != null) {
            listener.onStoredPublishFailed(message, failure);
        } else {
            listener.onStoredPublishCompleted(message, result);
        }
    }
}
