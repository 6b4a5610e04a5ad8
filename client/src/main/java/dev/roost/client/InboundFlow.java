package dev.roost.client;

import dev.roost.client.session.SessionChange;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's inbound messages: dispatch to handlers, then acknowledgement. QoS 1: the handlers run, then PUBACK.
 * QoS 2: the handlers run, the packet id is recorded in the session ({@link SessionChange.InboundStored}), then PUBREC
 * (which leaves only after the store sync); a PUBLISH whose id is recorded is a redelivery and is only acknowledged
 * again; PUBREL removes the id, then PUBCOMP. So a QoS 2 message reaches the handlers once, across restarts too.
 *
 * <p><b>Handlers registered late.</b> A resumed session's messages arrive right after CONNACK, possibly before the
 * application registered its handlers again. A message that matches a stored subscription but no registered handler
 * is held (unacknowledged) until a matching handler is registered or the grace period after connecting ends, when it
 * goes to the default handler; messages behind it wait too, to keep their order [MQTT-4.6.0-2, -3]. A message that
 * matches no stored subscription and no handler goes to the default handler at once. Nothing is dropped silently.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class InboundFlow {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFlow.class);

    private final HandlerRegistry handlers;
    private final MessageHandler defaultHandler;
    private final int receiveMaximum;
    private final Duration gracePeriod;
    private final EventExecutor loop;
    private final Consumer<ProtocolViolation> violations;
    private final ArrayDeque<Publish> held = new ArrayDeque<>();
    private int heldUnacknowledged;
    private boolean graceOver;
    private ScheduledFuture<?> graceTimer;
    private SessionRuntime session;
    private Connection connection;

    InboundFlow(HandlerRegistry handlers, MessageHandler defaultHandler, int receiveMaximum, Duration gracePeriod,
                EventExecutor loop, Consumer<ProtocolViolation> violations) {
        this.handlers = handlers;
        this.defaultHandler = defaultHandler;
        this.receiveMaximum = receiveMaximum;
        this.gracePeriod = gracePeriod;
        this.loop = loop;
        this.violations = violations;
    }

    void attach(SessionRuntime newSession) {
        session = newSession;
    }

    void onConnected(Connection accepted) {
        connection = accepted;
        graceOver = gracePeriod.isZero();
        if (!graceOver) {
            graceTimer = loop.schedule(this::endGrace, gracePeriod.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    void onPublish(Publish p) {
        if (p.topicAlias() != 0) {
            violations.accept(new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "MQTT-3.3.2-11",
                    "the server used topic alias " + p.topicAlias() + "; the client's Topic Alias Maximum is 0"));
            return;
        }
        if (p.qos() == Qos.EXACTLY_ONCE && session.data().hasInboundQos2(p.packetId())) {
            connection.send(PubRec.of(p.packetId()));
            return;
        }
        if (p.qos() != Qos.AT_MOST_ONCE) {
            int open = heldUnacknowledged + session.data().inboundQos2().size() + 1;
            if (connection.version().isV5() && open > receiveMaximum) {
                violations.accept(new ProtocolViolation(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "MQTT-3.3.4-9",
                        open + " QoS 1/2 messages unacknowledged, the client's Receive Maximum is " + receiveMaximum));
                return;
            }
        }
        if (!held.isEmpty() || !tryDeliver(p)) {
            hold(p);
        }
    }

    void onPubRel(PubRel rel) {
        int id = rel.packetId();
        if (session.data().hasInboundQos2(id)) {
            session.apply(new SessionChange.InboundReleased(id));
            connection.send(PubComp.of(id));
        } else {
            connection.send(connection.version().isV5() ? PubComp.of(id, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND)
                    : PubComp.of(id));
        }
    }

    /** A handler was registered: held messages it matches can go now. */
    void onHandlerRegistered() {
        deliverHeld();
    }

    void onConnectionLost() {
        long qos0 = held.stream().filter(p -> p.qos() == Qos.AT_MOST_ONCE).count();
        if (qos0 > 0) {
            LOG.warn("Connection lost with {} QoS 0 messages still waiting for their handler; QoS 0 messages are not"
                    + " sent again", qos0);
        }
        held.clear();
        heldUnacknowledged = 0;
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
        connection = null;
    }

    private void endGrace() {
        graceTimer = null;
        graceOver = true;
        if (!held.isEmpty()) {
            LOG.info("{} messages of stored subscriptions found no handler within {}; they go to the default handler",
                    held.size(), gracePeriod);
        }
        deliverHeld();
    }

    private void hold(Publish p) {
        held.add(p);
        if (p.qos() != Qos.AT_MOST_ONCE) {
            heldUnacknowledged++;
        }
    }

    private void deliverHeld() {
        while (connection != null && !held.isEmpty() && tryDeliver(held.peek())) {
            if (held.poll().qos() != Qos.AT_MOST_ONCE) {
                heldUnacknowledged--;
            }
        }
    }

    /** @return {@code false} when {@code p} must wait for its handler */
    private boolean tryDeliver(Publish p) {
        List<MessageHandler> matching = handlers.matching(p.topic());
        if (matching.isEmpty() && !graceOver
                && HandlerRegistry.anyMatches(session.data().subscriptions().keySet(), p.topic())) {
            return false;
        }
        for (MessageHandler handler : matching.isEmpty() ? List.of(defaultHandler) : matching) {
            try {
                handler.onMessage(p);
            } catch (RuntimeException e) {
                LOG.error("A message handler failed on a message for topic '{}'; the message counts as delivered",
                        p.topic(), e);
            }
        }
        if (p.qos() == Qos.AT_LEAST_ONCE) {
            connection.send(PubAck.of(p.packetId()));
        } else if (p.qos() == Qos.EXACTLY_ONCE) {
            session.apply(new SessionChange.InboundStored(p.packetId()));
            connection.send(PubRec.of(p.packetId()));
        }
        return true;
    }
}
