package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of {@link SessionChange}s and {@link ClientSessionState}s, used by the journal and by
 * {@link SessionStateText}. A change is its kind's code byte and its fields; a state starts with a format version
 * byte. Integers are big-endian, strings and byte arrays are length-prefixed ({@code -1} for {@code null}).
 *
 * <p>Stateless and thread-safe. Decoding a damaged record throws {@link IllegalArgumentException}.
 */
final class SessionCodec {
    /** The version byte that starts an encoded state. Bump it, and keep reading the old one, when the layout changes. */
    static final int STATE_FORMAT = 1;

    private SessionCodec() {
    }

    static byte[] encodeChange(SessionChange change) {
        ByteWriter out = new ByteWriter(64);
        out.u8(change.kind().code());
        switch (change.kind()) {
            case REPLACED -> writeState(out, ((SessionChange.Replaced) change).state());
            case USED -> writeInstant(out, ((SessionChange.Used) change).at());
            case CONNECTED -> {
                SessionChange.Connected c = (SessionChange.Connected) change;
                out.u8(c.version().level()).i64(c.sessionExpiryIntervalSeconds());
                writeInstant(out, c.expiryDeadline());
            }
            case CONNECTION_ENDED -> writeInstant(out, ((SessionChange.ConnectionEnded) change).expiryDeadline());
            case CLIENT_ID_ASSIGNED -> out.string(((SessionChange.ClientIdAssigned) change).clientId());
            case QUEUED -> writeQueued(out, ((SessionChange.Queued) change).queued());
            case SENT -> out.i64(((SessionChange.Sent) change).sequence()).u16(((SessionChange.Sent) change).packetId());
            case QUEUED_REMOVED -> out.i64(((SessionChange.QueuedRemoved) change).sequence());
            case PUBREC_RECEIVED -> out.u16(((SessionChange.PubRecReceived) change).packetId());
            case OUTBOUND_COMPLETED -> out.u16(((SessionChange.OutboundCompleted) change).packetId());
            case INBOUND_STORED -> out.u16(((SessionChange.InboundStored) change).packetId());
            case INBOUND_RELEASED -> out.u16(((SessionChange.InboundReleased) change).packetId());
            case SUBSCRIBED -> {
                List<Subscription> subscriptions = ((SessionChange.Subscribed) change).subscriptions();
                out.i32(subscriptions.size());
                subscriptions.forEach(s -> writeSubscription(out, s));
            }
            case UNSUBSCRIBED -> {
                List<String> filters = ((SessionChange.Unsubscribed) change).filters();
                out.i32(filters.size());
                filters.forEach(out::string);
            }
            case PROTOCOL_STATE_DISCARDED -> { }
            default -> throw new IllegalArgumentException("unknown change " + change.kind());
        }
        return out.toByteArray();
    }

    static SessionChange decodeChange(byte[] bytes, int offset, int length) {
        ByteReader in = new ByteReader(bytes, offset, length);
        int code = in.u8();
        SessionChange.Kind kind = SessionChange.Kind.ofCode(code);
        if (kind == null) {
            throw new IllegalArgumentException("unknown change code " + code);
        }
        SessionChange change = switch (kind) {
            case REPLACED -> new SessionChange.Replaced(readState(in));
            case USED -> new SessionChange.Used(readInstant(in));
            case CONNECTED -> new SessionChange.Connected(readVersion(in), in.i64(), readInstant(in));
            case CONNECTION_ENDED -> new SessionChange.ConnectionEnded(readInstant(in));
            case CLIENT_ID_ASSIGNED -> new SessionChange.ClientIdAssigned(in.string());
            case QUEUED -> new SessionChange.Queued(readQueued(in));
            case SENT -> new SessionChange.Sent(in.i64(), in.u16());
            case QUEUED_REMOVED -> new SessionChange.QueuedRemoved(in.i64());
            case PUBREC_RECEIVED -> new SessionChange.PubRecReceived(in.u16());
            case OUTBOUND_COMPLETED -> new SessionChange.OutboundCompleted(in.u16());
            case INBOUND_STORED -> new SessionChange.InboundStored(in.u16());
            case INBOUND_RELEASED -> new SessionChange.InboundReleased(in.u16());
            case SUBSCRIBED -> {
                int n = in.count(8);
                List<Subscription> subscriptions = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    subscriptions.add(readSubscription(in));
                }
                yield new SessionChange.Subscribed(subscriptions);
            }
            case UNSUBSCRIBED -> {
                int n = in.count(4);
                List<String> filters = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    filters.add(in.string());
                }
                yield new SessionChange.Unsubscribed(filters);
            }
            case PROTOCOL_STATE_DISCARDED -> new SessionChange.ProtocolStateDiscarded();
        };
        in.expectEnd();
        return change;
    }

    static byte[] encodeState(ClientSessionState state) {
        ByteWriter out = new ByteWriter(256);
        writeState(out, state);
        return out.toByteArray();
    }

    static ClientSessionState decodeState(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        ClientSessionState state = readState(in);
        in.expectEnd();
        return state;
    }

    private static void writeState(ByteWriter out, ClientSessionState s) {
        out.u8(STATE_FORMAT).string(s.broker().host()).u16(s.broker().port()).string(s.clientId())
                .u8(s.version().level()).i64(s.sessionExpiryIntervalSeconds());
        writeInstant(out, s.expiryDeadline());
        writeInstant(out, s.lastUsedAt());
        out.u16(s.lastPacketId()).i64(s.nextSequence());
        out.i32(s.outbound().size());
        for (OutboundEntry e : s.outbound()) {
            out.u16(e.packetId()).u8(e.state().ordinal());
            writePublish(out, e.publish());
        }
        out.i32(s.inboundQos2().size());
        s.inboundQos2().forEach(out::u16);
        out.i32(s.subscriptions().size());
        s.subscriptions().forEach(sub -> writeSubscription(out, sub));
        out.i32(s.queued().size());
        s.queued().forEach(q -> writeQueued(out, q));
    }

    private static ClientSessionState readState(ByteReader in) {
        int format = in.u8();
        if (format != STATE_FORMAT) {
            throw new IllegalArgumentException("unknown session state format " + format + " (this version reads "
                    + STATE_FORMAT + ")");
        }
        BrokerAddress broker = new BrokerAddress(in.string(), in.u16());
        String clientId = in.string();
        MqttVersion version = readVersion(in);
        long expiryInterval = in.i64();
        Instant deadline = readInstant(in);
        Instant lastUsed = readInstant(in);
        int lastPacketId = in.u16();
        long nextSequence = in.i64();
        int n = in.count(3);
        List<OutboundEntry> outbound = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = in.u16();
            int state = in.u8();
            if (state >= OutboundState.values().length) {
                throw new IllegalArgumentException("unknown outbound state " + state);
            }
            outbound.add(new OutboundEntry(id, OutboundState.values()[state], readPublish(in)));
        }
        n = in.count(2);
        List<Integer> inbound = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inbound.add(in.u16());
        }
        n = in.count(8);
        List<Subscription> subscriptions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            subscriptions.add(readSubscription(in));
        }
        n = in.count(8);
        List<QueuedPublish> queued = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            queued.add(readQueued(in));
        }
        if (clientId == null || lastUsed == null) {
            throw new IllegalArgumentException("session state without client id or last-used time");
        }
        return new ClientSessionState(broker, clientId, version, expiryInterval, deadline, lastUsed, lastPacketId,
                nextSequence, outbound, inbound, subscriptions, queued);
    }

    private static MqttVersion readVersion(ByteReader in) {
        int level = in.u8();
        MqttVersion version = MqttVersion.ofLevel(level);
        if (version == null) {
            throw new IllegalArgumentException("unknown protocol level " + level);
        }
        return version;
    }

    private static void writeInstant(ByteWriter out, Instant instant) {
        out.bool(instant != null);
        if (instant != null) {
            out.i64(instant.getEpochSecond()).i32(instant.getNano());
        }
    }

    private static Instant readInstant(ByteReader in) {
        return in.bool() ? Instant.ofEpochSecond(in.i64(), in.i32()) : null;
    }

    private static void writeQueued(ByteWriter out, QueuedPublish q) {
        out.i64(q.sequence());
        writePublish(out, q.publish());
    }

    private static QueuedPublish readQueued(ByteReader in) {
        return new QueuedPublish(in.i64(), readPublish(in));
    }

    private static void writeSubscription(ByteWriter out, Subscription s) {
        out.string(s.filter()).u8(s.qos().value()).bool(s.noLocal()).bool(s.retainAsPublished())
                .u8(s.retainHandling());
    }

    private static Subscription readSubscription(ByteReader in) {
        return new Subscription(in.string(), Qos.of(in.u8()), in.bool(), in.bool(), in.u8());
    }

    private static void writePublish(ByteWriter out, Publish p) {
        out.string(p.topic()).u8(p.qos().value()).bool(p.retain()).bytes(p.payload());
        MessageProperties m = p.properties();
        out.bool(m.payloadFormatIndicator() != null);
        if (m.payloadFormatIndicator() != null) {
            out.u8(m.payloadFormatIndicator());
        }
        out.bool(m.messageExpiryIntervalSeconds() != null);
        if (m.messageExpiryIntervalSeconds() != null) {
            out.i64(m.messageExpiryIntervalSeconds());
        }
        out.string(m.contentType()).string(m.responseTopic()).bytes(m.correlationData());
        out.i32(m.userProperties().size());
        for (UserProperty u : m.userProperties()) {
            out.string(u.name()).string(u.value());
        }
    }

    private static Publish readPublish(ByteReader in) {
        String topic = in.string();
        Qos qos = Qos.of(in.u8());
        boolean retain = in.bool();
        byte[] payload = in.bytes();
        Integer format = in.bool() ? in.u8() : null;
        Long expiry = in.bool() ? in.i64() : null;
        String contentType = in.string();
        String responseTopic = in.string();
        byte[] correlation = in.bytes();
        int n = in.count(8);
        List<UserProperty> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            users.add(new UserProperty(in.string(), in.string()));
        }
        if (topic == null || payload == null) {
            throw new IllegalArgumentException("message without topic or payload");
        }
        MessageProperties properties = new MessageProperties(format, expiry, contentType, responseTopic, correlation,
                users);
        return Publish.of(topic, qos, retain, 0, payload).withProperties(properties);
    }
}
