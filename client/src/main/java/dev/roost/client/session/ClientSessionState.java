package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a client keeps of one MQTT session, as one immutable value: what a store persists, what
 * {@link SessionStateText} exports, and what a restore brings back.
 *
 * <p>Two parts. The <b>protocol session state</b> mirrors what the server holds and is discarded when the server
 * says it has no session (CONNACK Session Present 0): {@link #outbound} exchanges, {@link #inboundQos2} packet ids and
 * {@link #subscriptions}. The <b>application state</b> survives that: {@link #queued} messages that never went on the
 * wire, the client id, the packet-id counter and the bookkeeping fields.
 *
 * <p>Immutable and thread-safe; lists are unmodifiable copies.
 *
 * @param broker the broker this session belongs to
 * @param clientId the client identifier; {@code ""} for a <em>null session</em> that waits for the server to assign
 *     one (MQTT 5.0 only)
 * @param version the protocol version the session was last used with
 * @param sessionExpiryIntervalSeconds the interval last agreed with the server; 0 for MQTT 3.1.1 (the server keeps a
 *     Clean Session 0 session until it decides otherwise)
 * @param expiryDeadline the earliest moment the server may have discarded the session, if known: set when a
 *     connection is accepted and when it ends; {@code null} when the session never expires or nothing is known
 * @param lastUsedAt when the session was last handed out by a store or connected; decides "the last used session"
 * @param lastPacketId the packet id most recently given to an outbound exchange (0 when none yet): the allocator
 *     continues after it, so ids are not reused sooner than necessary
 * @param nextSequence the sequence number the next queued message receives
 * @param outbound outbound QoS 1/2 exchanges in the order their PUBLISHes were first sent [MQTT-4.6.0-1]
 * @param inboundQos2 ids of inbound QoS 2 messages delivered and PUBREC'd, awaiting PUBREL, in arrival order
 * @param subscriptions subscriptions the server acknowledged, in the order they were made
 * @param queued messages not yet sent, oldest first
 */
public record ClientSessionState(
        BrokerAddress broker,
        String clientId,
        MqttVersion version,
        long sessionExpiryIntervalSeconds,
        Instant expiryDeadline,
        Instant lastUsedAt,
        int lastPacketId,
        long nextSequence,
        List<OutboundEntry> outbound,
        List<Integer> inboundQos2,
        List<Subscription> subscriptions,
        List<QueuedPublish> queued) {

    public ClientSessionState {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        if (lastPacketId < 0 || lastPacketId > 65535) {
            throw new IllegalArgumentException("lastPacketId must be 0 to 65535: " + lastPacketId);
        }
        outbound = List.copyOf(outbound);
        inboundQos2 = List.copyOf(inboundQos2);
        subscriptions = List.copyOf(subscriptions);
        queued = List.copyOf(queued);
    }

    /** @return a session with nothing in it yet */
    public static ClientSessionState empty(BrokerAddress broker, String clientId, MqttVersion version, Instant now) {
        return new ClientSessionState(broker, clientId, version, 0, null, now, 0, 0, List.of(), List.of(), List.of(),
                List.of());
    }

    /** @return {@code true} for a null session: no client id yet, the server is to assign one */
    public boolean isNullSession() {
        return clientId.isEmpty();
    }

    /** @return {@code true} when there is protocol session state that a Session Present 0 would discard */
    public boolean hasProtocolState() {
        return !outbound.isEmpty() || !inboundQos2.isEmpty() || !subscriptions.isEmpty();
    }

    /** @return {@code true} when the deadline is known and has passed: the server may well have discarded it */
    public boolean isExpiredAt(Instant now) {
        return expiryDeadline != null && !now.isBefore(expiryDeadline);
    }

    /** @return the same state under another broker address and client id; for restoring elsewhere */
    public ClientSessionState withIdentity(BrokerAddress newBroker, String newClientId) {
        return new ClientSessionState(newBroker, newClientId, version, sessionExpiryIntervalSeconds, expiryDeadline,
                lastUsedAt, lastPacketId, nextSequence, outbound, inboundQos2, subscriptions, queued);
    }
}
