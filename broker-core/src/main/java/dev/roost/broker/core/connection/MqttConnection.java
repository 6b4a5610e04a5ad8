package dev.roost.broker.core.connection;

import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.store.StoreException;
import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PingResp;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Unsubscribe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's protocol state machine for one connection.
 *
 * <p>Transport callbacks arrive on the connection's I/O thread; from CONNECT on, all work is handed to the lane of the
 * client id, so packets are handled in order and the session needs no locks. The I/O thread's view ({@code phase}) and
 * the lane's view ({@code ended}) are kept apart: when the socket closes, packets read before the close are still
 * handled, in order, before the lane learns of the close. Every protocol violation goes down one
 * path, {@link #fail}: a 5.0 peer is told the reason code in a DISCONNECT, then the connection is closed.
 */
public final class MqttConnection implements ProtocolHandler {
    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    /**
     * How much work this connection may have waiting on its lane, in units of one packet plus one per KiB of payload:
     * at {@code READ_PAUSE_AT} the transport stops reading, and it reads again once the lane is down to
     * {@code READ_RESUME_AT}. Bounds the lane's queue whatever a client sends (a publisher faster than the fsyncs).
     */
    static final int READ_PAUSE_AT = 1024;
    static final int READ_RESUME_AT = 256;
    private static final AtomicIntegerFieldUpdater<MqttConnection> WAITING_ON_LANE =
            AtomicIntegerFieldUpdater.newUpdater(MqttConnection.class, "waitingOnLane");

    /** The I/O thread's view: whether a CONNECT was handed to a lane, and whether the socket is closed. */
    private enum Phase { AWAITING_CONNECT, ACCEPTED, CLOSED }

    private final ConnectionServices services;
    private final Connection connection;
    private volatile Phase phase = Phase.AWAITING_CONNECT;
    /** Work units waiting on the lane (see {@link #READ_PAUSE_AT}); through {@link #WAITING_ON_LANE} only. */
    private volatile int waitingOnLane;
    // Written on the I/O thread before any lane work is handed over; read-only afterwards.
    private String clientId;
    private MqttVersion version;
    // Owned by the lane.
    private Session session;
    private ConnectionState state;
    private boolean ended;

    public MqttConnection(ConnectionServices services, Connection connection) {
        this.services = services;
        this.connection = connection;
    }

    @Override
    public void onPacket(Packet packet) {
        switch (phase) {
            case AWAITING_CONNECT -> {
                if (packet instanceof Connect connect) {
                    onConnect(connect);
                } else {
                    log.debug("{}: {} before CONNECT [MQTT-3.1.0-1]", connection.remoteAddress(), packet.type());
                    phase = Phase.CLOSED;
                    connection.close();
                }
            }
            case ACCEPTED -> handOver(packet);
            case CLOSED -> { }
        }
    }

    /** On the I/O thread: queues the packet on the lane, pausing reads while too much waits there. */
    private void handOver(Packet packet) {
        int cost = packet instanceof Publish p ? 1 + p.payload().length / 1024 : 1;
        if (WAITING_ON_LANE.addAndGet(this, cost) >= READ_PAUSE_AT) {
            connection.pauseReading();
        }
        services.lanes().execute(clientId, () -> {
            try {
                onLanePacket(packet);
            } finally {
                int left = WAITING_ON_LANE.addAndGet(this, -cost);
                if (left <= READ_RESUME_AT && left + cost > READ_RESUME_AT) {
                    connection.resumeReading();
                }
            }
        });
    }

    @Override
    public void onDecodeFailure(DecodeFailure failure) {
        log.debug("{}: undecodable input: {} {}", connection.remoteAddress(), failure.reasonCode(), failure.detail());
        if (phase == Phase.AWAITING_CONNECT || failure.beforeConnect()) {
            phase = Phase.CLOSED;
            // 5.0 may answer any bad CONNECT with a CONNACK reason code; 3.1.1 has return codes only for
            // an unacceptable level [MQTT-3.1.2-2] and a rejected identifier, else it closes [MQTT-3.2.2-6].
            if (failure.peerVersion().isV5()
                    || failure.reasonCode() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION
                    || failure.reasonCode() == ReasonCode.CLIENT_IDENTIFIER_NOT_VALID) {
                connection.sendAndClose(ConnAck.refused(failure.reasonCode()));
            } else {
                connection.close();
            }
            return;
        }
        ProtocolViolation violation = new ProtocolViolation(failure.reasonCode(), "", failure.detail());
        services.lanes().execute(clientId, () -> fail(violation));
    }

    @Override
    public void onKeepAliveTimeout() {
        if (phase == Phase.CLOSED) {
            return;
        }
        ProtocolViolation timeout = new ProtocolViolation(ReasonCode.KEEP_ALIVE_TIMEOUT, "MQTT-3.1.2-22",
                "nothing received within 1.5 times the keep-alive");
        if (clientId == null) {
            phase = Phase.CLOSED;
            connection.close();
        } else {
            services.lanes().execute(clientId, () -> fail(timeout));
        }
    }

    @Override
    public void onWritable() {
        if (phase == Phase.ACCEPTED) {
            services.lanes().execute(clientId, () -> {
                if (!ended && session != null && session.connection() == state) {
                    services.outbound().drain(session);
                }
            });
        }
    }

    @Override
    public void onClosed() {
        Phase was = phase;
        phase = Phase.CLOSED;
        if (was == Phase.AWAITING_CONNECT || clientId == null || services.shuttingDown().getAsBoolean()) {
            return;
        }
        services.lanes().execute(clientId, () -> {
            if (!ended) {
                ended = true;
                if (session != null) {
                    services.lifecycle().connectionLost(session, state, true);
                }
            }
        });
    }

    private void onConnect(Connect connect) {
        ReasonCode refusal = services.negotiation().refusal(connect);
        if (refusal != null) {
            phase = Phase.CLOSED;
            connection.sendAndClose(ConnAck.refused(refusal)); // [MQTT-3.2.2-6]: session present 0
            return;
        }
        phase = Phase.ACCEPTED;
        version = connect.version();
        boolean assigned = connect.clientId().isEmpty();
        clientId = assigned ? services.negotiation().assignClientId() : connect.clientId();
        services.lanes().execute(clientId, () -> connectOnLane(connect, assigned));
    }

    private void connectOnLane(Connect connect, boolean assigned) {
        try {
            openSession(connect, assigned);
        } catch (StoreException e) {
            log.warn("{}: session store failure at CONNECT: {}", clientId, e.getMessage());
            refuse(ReasonCode.SERVER_UNAVAILABLE);
            Session attached = services.registry().get(clientId);
            if (attached != null) {
                services.lifecycle().connectionLost(attached, state, false);
            }
        }
    }

    private void openSession(Connect connect, boolean assigned) {
        ReasonCode auth = services.authenticator().authenticate(clientId, connect.username(), connect.password());
        if (auth != ReasonCode.SUCCESS) {
            refuse(auth);
            return;
        }
        takeOver(services.registry().get(clientId));
        long expiry = services.lifecycle().effectiveExpiry(version, connect.cleanStart(),
                connect.properties().sessionExpiryIntervalSeconds());
        state = new ConnectionState(connection, version, receiveMaximumOf(connect),
                connect.properties().maximumPacketSize(), connect.properties().topicAliasMaximum());
        boolean present = services.lifecycle().open(clientId, version, connect.cleanStart(), expiry, connect.will(),
                state);
        session = services.registry().get(clientId);
        connection.send(services.negotiation().connAck(connect, present, expiry,
                assigned && version.isV5() ? clientId : null));
        int keepAlive = services.negotiation().keepAliveSeconds(connect);
        connection.armKeepAlive(keepAlive == 0 ? Duration.ZERO : Duration.ofMillis(keepAlive * 1500L));
        services.outbound().resume(session);
    }

    /** [MQTT-3.1.4-3]: a second connection with the same client id closes the first (5.0: DISCONNECT 0x8E). */
    private void takeOver(Session existing) {
        if (existing == null || !existing.isOnline()) {
            return;
        }
        ConnectionState old = existing.connection();
        if (old.version().isV5()) {
            old.connection().sendAndClose(Disconnect.of(ReasonCode.SESSION_TAKEN_OVER));
        } else {
            old.connection().close();
        }
        services.lifecycle().connectionLost(existing, old, true);
    }

    private int receiveMaximumOf(Connect connect) {
        return version.isV5() ? connect.properties().receiveMaximum() : services.negotiation().v3InflightWindow();
    }

    private void onLanePacket(Packet packet) {
        if (ended || session == null || session.connection() != state) {
            return; // ended, refused, or taken over by a newer connection
        }
        try {
            handle(packet);
        } catch (ProtocolViolation violation) {
            fail(violation);
        } catch (StoreException e) {
            log.warn("{}: session store failure, closing the connection: {}", clientId, e.getMessage());
            fail(new ProtocolViolation(ReasonCode.UNSPECIFIED_ERROR, "", "session store failure"));
        }
    }

    private void handle(Packet packet) {
        if (packet instanceof Publish p) {
            services.inbound().onPublish(session, state, p);
        } else if (packet instanceof PubAck p) {
            services.outbound().onPubAck(session, p);
        } else if (packet instanceof PubRec p) {
            services.outbound().onPubRec(session, p);
        } else if (packet instanceof PubRel p) {
            services.inbound().onPubRel(session, state, p);
        } else if (packet instanceof PubComp p) {
            services.outbound().onPubComp(session, p);
        } else if (packet instanceof Subscribe s) {
            services.subscriptions().onSubscribe(session, state, s);
        } else if (packet instanceof Unsubscribe u) {
            services.subscriptions().onUnsubscribe(session, state, u);
        } else if (packet instanceof PingReq) {
            connection.send(PingResp.INSTANCE);
        } else if (packet instanceof Disconnect d) {
            onDisconnect(d);
        } else if (packet instanceof Connect) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.1.0-2", "a second CONNECT");
        } else {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    packet.type() + " is not a packet a client sends");
        }
    }

    private void onDisconnect(Disconnect disconnect) {
        Long newExpiry = disconnect.sessionExpiryIntervalSeconds();
        if (newExpiry != null && version.isV5()) {
            if (session.expiryIntervalSeconds() == 0 && newExpiry != 0) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-5.0 §3.14.2.2.2",
                        "Session Expiry Interval 0 at CONNECT cannot be changed at DISCONNECT");
            }
            services.lifecycle().changeExpiry(session, newExpiry);
        }
        ended = true;
        boolean publishWill = disconnect.reasonCode() == ReasonCode.DISCONNECT_WITH_WILL_MESSAGE;
        services.lifecycle().connectionLost(session, state, publishWill);
        connection.close();
    }

    /** The one way a connection ends for a protocol violation. The will is published [MQTT-3.1.2-8]. */
    private void fail(ProtocolViolation violation) {
        if (ended) {
            return;
        }
        ended = true;
        log.debug("{} ({}): {}", clientId, connection.remoteAddress(), violation);
        if (version != null && version.isV5()) {
            connection.sendAndClose(Disconnect.of(violation.reasonCode(), violation.getMessage()));
        } else {
            connection.close();
        }
        if (session != null) {
            services.lifecycle().connectionLost(session, state, true);
        }
    }

    private void refuse(ReasonCode reason) {
        ended = true;
        connection.sendAndClose(ConnAck.refused(reason)); // [MQTT-3.2.2-6]: session present 0
    }
}
