package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The live, mutable form of a {@link ClientSessionState}: what {@link SessionChange}s are applied to. The client keeps
 * one for its session, and the bundled stores keep one per session to replay journals and take snapshots; both run
 * {@link #apply} so they cannot disagree.
 *
 * <p>{@link #apply} is strict: a change that does not fit the state (an unknown sequence or packet id, an exchange in
 * the wrong state) throws {@link IllegalStateException}, because it means a bug or a damaged journal.
 *
 * <p>Not thread-safe: owned by one thread at a time (the client's I/O thread, or a store under its lock). Read
 * accessors return live unmodifiable views; do not keep them across changes.
 */
public final class SessionData {
    private final BrokerAddress broker;
    private String clientId;
    private MqttVersion version;
    private long sessionExpiryIntervalSeconds;
    private Instant expiryDeadline;
    private Instant lastUsedAt;
    private int lastPacketId;
    private long nextSequence;
    private final Map<Integer, OutboundEntry> outbound = new LinkedHashMap<>();
    private final Set<Integer> inboundQos2 = new LinkedHashSet<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<Long, QueuedPublish> queued = new LinkedHashMap<>();

    public SessionData(ClientSessionState state) {
        this.broker = state.broker();
        replace(state);
    }

    /** Applies one change; see {@link SessionChange} for what each does. */
    public void apply(SessionChange change) {
        switch (change.kind()) {
            case REPLACED -> replace(((SessionChange.Replaced) change).state());
            case USED -> lastUsedAt = ((SessionChange.Used) change).at();
            case CONNECTED -> {
                SessionChange.Connected c = (SessionChange.Connected) change;
                version = c.version();
                sessionExpiryIntervalSeconds = c.sessionExpiryIntervalSeconds();
                expiryDeadline = c.expiryDeadline();
            }
            case CONNECTION_ENDED -> expiryDeadline = ((SessionChange.ConnectionEnded) change).expiryDeadline();
            case CLIENT_ID_ASSIGNED -> {
                if (!clientId.isEmpty()) {
                    throw new IllegalStateException("client id " + clientId + " is not a null session's");
                }
                clientId = ((SessionChange.ClientIdAssigned) change).clientId();
            }
            case QUEUED -> queue(((SessionChange.Queued) change).queued());
            case SENT -> send((SessionChange.Sent) change);
            case QUEUED_REMOVED -> requireQueued(((SessionChange.QueuedRemoved) change).sequence(), true);
            case PUBREC_RECEIVED -> {
                OutboundEntry entry = requireOutbound(((SessionChange.PubRecReceived) change).packetId());
                outbound.put(entry.packetId(), entry.released());
            }
            case OUTBOUND_COMPLETED -> outbound.remove(
                    requireOutbound(((SessionChange.OutboundCompleted) change).packetId()).packetId());
            case INBOUND_STORED -> inboundQos2.add(((SessionChange.InboundStored) change).packetId());
            case INBOUND_RELEASED -> inboundQos2.remove(((SessionChange.InboundReleased) change).packetId());
            case SUBSCRIBED -> {
                for (Subscription s : ((SessionChange.Subscribed) change).subscriptions()) {
                    subscriptions.put(s.filter(), s);
                }
            }
            case UNSUBSCRIBED -> ((SessionChange.Unsubscribed) change).filters().forEach(subscriptions::remove);
            case PROTOCOL_STATE_DISCARDED -> {
                outbound.clear();
                inboundQos2.clear();
                subscriptions.clear();
            }
            default -> throw new IllegalStateException("unknown change " + change.kind());
        }
    }

    private void replace(ClientSessionState state) {
        if (!state.broker().equals(broker)) {
            throw new IllegalStateException("state of " + state.broker() + " cannot replace a session of " + broker);
        }
        clientId = state.clientId();
        version = state.version();
        sessionExpiryIntervalSeconds = state.sessionExpiryIntervalSeconds();
        expiryDeadline = state.expiryDeadline();
        lastUsedAt = state.lastUsedAt();
        lastPacketId = state.lastPacketId();
        nextSequence = state.nextSequence();
        outbound.clear();
        state.outbound().forEach(e -> outbound.put(e.packetId(), e));
        inboundQos2.clear();
        inboundQos2.addAll(state.inboundQos2());
        subscriptions.clear();
        state.subscriptions().forEach(s -> subscriptions.put(s.filter(), s));
        queued.clear();
        state.queued().forEach(this::queue);
    }

    private void queue(QueuedPublish q) {
        if (queued.containsKey(q.sequence())) {
            throw new IllegalStateException("sequence " + q.sequence() + " is already queued");
        }
        queued.put(q.sequence(), q);
        nextSequence = Math.max(nextSequence, q.sequence() + 1);
    }

    private void send(SessionChange.Sent sent) {
        QueuedPublish q = requireQueued(sent.sequence(), true);
        if (q.publish().qos() == Qos.AT_MOST_ONCE) {
            if (sent.packetId() != 0) {
                throw new IllegalStateException("QoS 0 message sent with packet id " + sent.packetId());
            }
            return;
        }
        if (outbound.containsKey(sent.packetId())) {
            throw new IllegalStateException("packet id " + sent.packetId() + " is already in use");
        }
        outbound.put(sent.packetId(), new OutboundEntry(sent.packetId(), OutboundState.SENT, q.publish()));
        lastPacketId = sent.packetId();
    }

    private QueuedPublish requireQueued(long sequence, boolean remove) {
        QueuedPublish q = remove ? queued.remove(sequence) : queued.get(sequence);
        if (q == null) {
            throw new IllegalStateException("no queued message with sequence " + sequence);
        }
        return q;
    }

    private OutboundEntry requireOutbound(int packetId) {
        OutboundEntry entry = outbound.get(packetId);
        if (entry == null) {
            throw new IllegalStateException("no outbound exchange with packet id " + packetId);
        }
        return entry;
    }

    /** @return an immutable copy of the whole state */
    public ClientSessionState snapshot() {
        return new ClientSessionState(broker, clientId, version, sessionExpiryIntervalSeconds, expiryDeadline,
                lastUsedAt, lastPacketId, nextSequence, new ArrayList<>(outbound.values()),
                new ArrayList<>(inboundQos2), new ArrayList<>(subscriptions.values()),
                new ArrayList<>(queued.values()));
    }

    public BrokerAddress broker() {
        return broker;
    }

    public String clientId() {
        return clientId;
    }

    public MqttVersion version() {
        return version;
    }

    public long sessionExpiryIntervalSeconds() {
        return sessionExpiryIntervalSeconds;
    }

    /** @return {@code null} when unknown or never */
    public Instant expiryDeadline() {
        return expiryDeadline;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public int lastPacketId() {
        return lastPacketId;
    }

    public long nextSequence() {
        return nextSequence;
    }

    /** @return the exchange under this packet id, or {@code null} */
    public OutboundEntry outbound(int packetId) {
        return outbound.get(packetId);
    }

    /** @return outbound exchanges in the order their PUBLISHes were first sent (live view) */
    public Collection<OutboundEntry> outbound() {
        return Collections.unmodifiableCollection(outbound.values());
    }

    public boolean hasInboundQos2(int packetId) {
        return inboundQos2.contains(packetId);
    }

    /** @return inbound QoS 2 ids awaiting PUBREL (live view) */
    public Set<Integer> inboundQos2() {
        return Collections.unmodifiableSet(inboundQos2);
    }

    /** @return subscriptions by filter, in the order they were made (live view) */
    public Map<String, Subscription> subscriptions() {
        return Collections.unmodifiableMap(subscriptions);
    }

    /** @return messages waiting to be sent, oldest first (live view) */
    public Collection<QueuedPublish> queued() {
        return Collections.unmodifiableCollection(queued.values());
    }

    public int queuedCount() {
        return queued.size();
    }
}
