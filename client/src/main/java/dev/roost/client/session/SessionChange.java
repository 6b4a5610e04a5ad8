package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One step in the life of a client session. The client describes every change to its session state as one of these
 * values and hands it to its {@link StoredSession} before it acts on the wire; a store may persist the changes
 * themselves (a journal) or the state they lead to. {@link SessionData#apply} defines what each one does, so the
 * client's live state and a store's replay run the same code.
 *
 * <p>Immutable and thread-safe values. {@link #kind()} is the stable tag a store may use to encode them.
 */
public sealed interface SessionChange {

    /** The stable tag of each change; the {@link #code()} is what persistent formats write. Never reorder codes. */
    enum Kind {
        REPLACED(1), USED(2), CONNECTED(3), CONNECTION_ENDED(4), CLIENT_ID_ASSIGNED(5), QUEUED(6), SENT(7),
        QUEUED_REMOVED(8), PUBREC_RECEIVED(9), OUTBOUND_COMPLETED(10), INBOUND_STORED(11), INBOUND_RELEASED(12),
        SUBSCRIBED(13), UNSUBSCRIBED(14), PROTOCOL_STATE_DISCARDED(15);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** @return the kind with this code, or {@code null} when none has it */
        public static Kind ofCode(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    Kind kind();

    /** The whole state is replaced: the first record of a journal, a compaction, a restore. */
    record Replaced(ClientSessionState state) implements SessionChange {
        public Replaced {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Kind kind() {
            return Kind.REPLACED;
        }
    }

    /** The session was handed out by a store or is about to connect: it becomes the last used one. */
    record Used(Instant at) implements SessionChange {
        public Used {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Kind kind() {
            return Kind.USED;
        }
    }

    /**
     * A CONNACK accepted the connection with these terms.
     *
     * @param expiryDeadline {@code null} when the session never expires
     */
    record Connected(MqttVersion version, long sessionExpiryIntervalSeconds, Instant expiryDeadline)
            implements SessionChange {
        public Connected {
            Objects.requireNonNull(version, "version");
        }

        @Override
        public Kind kind() {
            return Kind.CONNECTED;
        }
    }

    /** The connection ended; the server keeps the session until {@code expiryDeadline} ({@code null}: for ever). */
    record ConnectionEnded(Instant expiryDeadline) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.CONNECTION_ENDED;
        }
    }

    /** The server assigned this client id to a null session (MQTT 5.0 Assigned Client Identifier). */
    record ClientIdAssigned(String clientId) implements SessionChange {
        public ClientIdAssigned {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isEmpty()) {
                throw new IllegalArgumentException("an assigned client id is not empty");
            }
        }

        @Override
        public Kind kind() {
            return Kind.CLIENT_ID_ASSIGNED;
        }
    }

    /** A message was published and waits to be sent. */
    record Queued(QueuedPublish queued) implements SessionChange {
        public Queued {
            Objects.requireNonNull(queued, "queued");
        }

        @Override
        public Kind kind() {
            return Kind.QUEUED;
        }
    }

    /**
     * A queued message is about to go on the wire: QoS 1/2 become an outbound exchange in state SENT under
     * {@code packetId}; QoS 0 ({@code packetId} 0) just leaves the queue.
     */
    record Sent(long sequence, int packetId) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.SENT;
        }
    }

    /** A queued message was given up before it was sent (the application was told why). */
    record QueuedRemoved(long sequence) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.QUEUED_REMOVED;
        }
    }

    /** PUBREC arrived for a QoS 2 exchange: PUBREL is owed from now on. */
    record PubRecReceived(int packetId) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.PUBREC_RECEIVED;
        }
    }

    /** PUBACK or PUBCOMP (or an error PUBREC) ended an outbound exchange; its packet id is free again. */
    record OutboundCompleted(int packetId) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.OUTBOUND_COMPLETED;
        }
    }

    /** An inbound QoS 2 message was delivered; PUBREC is about to be sent and PUBREL is awaited. */
    record InboundStored(int packetId) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.INBOUND_STORED;
        }
    }

    /** PUBREL arrived for an inbound QoS 2 message; PUBCOMP is about to be sent. */
    record InboundReleased(int packetId) implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.INBOUND_RELEASED;
        }
    }

    /** The server granted these subscriptions (each replaces one with the same filter). */
    record Subscribed(List<Subscription> subscriptions) implements SessionChange {
        public Subscribed {
            subscriptions = List.copyOf(subscriptions);
        }

        @Override
        public Kind kind() {
            return Kind.SUBSCRIBED;
        }
    }

    /** The server acknowledged the removal of these filters. */
    record Unsubscribed(List<String> filters) implements SessionChange {
        public Unsubscribed {
            filters = List.copyOf(filters);
        }

        @Override
        public Kind kind() {
            return Kind.UNSUBSCRIBED;
        }
    }

    /**
     * The server has no session (CONNACK Session Present 0): outbound exchanges, inbound QoS 2 ids and subscriptions
     * are discarded [MQTT-3.2.2-5]; queued messages stay.
     */
    record ProtocolStateDiscarded() implements SessionChange {
        @Override
        public Kind kind() {
            return Kind.PROTOCOL_STATE_DISCARDED;
        }
    }
}
