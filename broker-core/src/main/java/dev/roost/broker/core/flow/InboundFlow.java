package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoreException;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.topic.Topics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from a client to the broker: topic aliases, validation, QoS 2 bookkeeping (the packet id is kept until
 * PUBREL so a re-sent PUBLISH is not routed twice, 4.3.3), routing, then the acknowledgement.
 *
 * <p>Runs on the publisher's lane. Protocol errors are thrown as {@link ProtocolViolation}.
 */
public final class InboundFlow {
    private static final Logger log = LoggerFactory.getLogger(InboundFlow.class);

    private final BrokerSettings settings;
    private final Clock clock;
    private final Router router;
    private final SessionStore store;

    public InboundFlow(BrokerSettings settings, Clock clock, Router router, SessionStore store) {
        this.settings = settings;
        this.clock = clock;
        this.router = router;
        this.store = store;
    }

    public void onPublish(Session session, ConnectionState connection, Publish publish) {
        String topic = resolveTopic(connection, publish);
        Topics.validateTopicName(topic);
        if (publish.retain() && !settings.retainAvailable()) {
            throw new ProtocolViolation(ReasonCode.RETAIN_NOT_SUPPORTED, "",
                    "retained messages are not supported");
        }
        boolean v5 = connection.version().isV5();
        int packetId = publish.packetId();
        if (publish.qos() == Qos.EXACTLY_ONCE) {
            if (session.inboundQos2().contains(packetId)) {
                connection.connection().send(PubRec.of(packetId));
                return;
            }
            if (session.inboundQos2().size() >= settings.receiveMaximum()) {
                throw new ProtocolViolation(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "MQTT-3.3.4-7",
                        "more than " + settings.receiveMaximum() + " QoS 2 publications awaiting PUBREL");
            }
        }
        ApplicationMessage message = ApplicationMessage.of(publish, topic, session.clientId(), clock.instant());
        int routed;
        try {
            routed = router.publish(message);
        } catch (StoreException e) {
            refuse(connection, publish, e);
            return;
        }
        ReasonCode code = v5 && routed == 0 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
        switch (publish.qos()) {
            case AT_MOST_ONCE -> { }
            case AT_LEAST_ONCE -> connection.connection().send(PubAck.of(packetId, code));
            case EXACTLY_ONCE -> {
                store.saveInboundQos2(session.clientId(), packetId);
                session.inboundQos2().add(packetId);
                connection.connection().send(PubRec.of(packetId, code));
            }
        }
    }

    /**
     * The store could not take the message, so it is not acknowledged: a 5.0 publisher gets PUBACK/PUBREC 0x97 Quota
     * exceeded (which ends the exchange; it may publish again later), a 3.1.1 publisher, which has no way to hear a
     * refusal, loses its connection and will send the message again on its next one.
     */
    private void refuse(ConnectionState connection, Publish publish, StoreException cause) {
        log.warn("Not acknowledging a message on {}: the store refused it: {}", publish.topic(), cause.getMessage());
        if (!connection.version().isV5()) {
            throw new ProtocolViolation(ReasonCode.UNSPECIFIED_ERROR, "", "the store refused a message");
        }
        switch (publish.qos()) {
            case AT_MOST_ONCE -> { }
            case AT_LEAST_ONCE -> connection.connection().send(PubAck.of(publish.packetId(), ReasonCode.QUOTA_EXCEEDED));
            case EXACTLY_ONCE -> connection.connection().send(PubRec.of(publish.packetId(), ReasonCode.QUOTA_EXCEEDED));
        }
    }

    /** PUBREL: the packet id is released and PUBCOMP sent [MQTT-4.3.3-11]. */
    public void onPubRel(Session session, ConnectionState connection, PubRel pubRel) {
        boolean known = session.inboundQos2().remove(pubRel.packetId());
        if (known) {
            store.deleteInboundQos2(session.clientId(), pubRel.packetId());
        }
        connection.connection().send(known
                ? PubComp.of(pubRel.packetId())
                : PubComp.of(pubRel.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
    }

    private String resolveTopic(ConnectionState connection, Publish publish) {
        int alias = publish.topicAlias();
        if (alias == 0) {
            return publish.topic();
        }
        if (alias > settings.topicAliasMaximum()) {
            throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "MQTT-3.3.2-9",
                    "topic alias " + alias + " is above the maximum " + settings.topicAliasMaximum());
        }
        if (!publish.topic().isEmpty()) {
            connection.rememberInboundAlias(alias, publish.topic());
            return publish.topic();
        }
        String topic = connection.inboundAlias(alias);
        if (topic == null) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    "topic alias " + alias + " was never set on this connection");
        }
        return topic;
    }
}
