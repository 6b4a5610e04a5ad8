package dev.roost.client;

import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.SessionChange;
import dev.roost.client.session.SessionStoreException;
import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.Subscription;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleState;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection lifecycle of one client: CONNECT, CONNACK (resume or discard the session), packets to the flows,
 * keep alive, connection loss, reconnect with backoff, DISCONNECT. The session side (which session, restore, export)
 * is {@link SessionKeeper}'s; the message flows are {@link OutboundFlow}, {@link InboundFlow} and
 * {@link SubscriptionFlow}.
 *
 * <p>Not thread-safe: every method runs on the client's I/O thread, which is also the event loop of all its channels.
 * Events from a channel that is no longer the current one are ignored.
 */
final class ClientCore {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);

    private final ClientConfig config;
    private final EventLoop loop;
    private final Connector connector;
    private final SessionKeeper sessions;
    private final Flows flows;
    private final Backoff backoff;
    private Connection connection;
    private ConnectResult lastResult;
    private CompletableFuture<ConnectResult> connecting;
    private CompletableFuture<Void> disconnecting;
    private ScheduledFuture<?> reconnectTimer;
    private boolean wantConnected;
    private SessionStoreException storeFailure;
    private volatile boolean accepted;

    ClientCore(ClientConfig config, EventLoop loop, ClientSessionStore store) {
        this.config = config;
        this.loop = loop;
        this.flows = new Flows(config, loop, this::violation);
        this.sessions = new SessionKeeper(config, store, loop, flows, this::storeFailed);
        this.connector = new Connector(config, loop, this);
        this.backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay(), new Random());
    }

    Flows flows() {
        return flows;
    }

    SessionKeeper sessions() {
        return sessions;
    }

    private boolean isConnected() {
        return connection != null && connection.isAccepted();
    }

    /** @return whether a connection is accepted right now; any thread */
    boolean isAccepted() {
        return accepted;
    }

    /** Restores an exported session; when connected (same client id), its open exchanges are replayed at once. */
    ClientSessionState restore(String text) {
        if (connection != null && !connection.isAccepted()) {
            throw new IllegalStateException("a connection attempt is under way: restore before connect(), or once"
                    + " it completed");
        }
        ClientSessionState restored = sessions.restore(text, isConnected() ? sessions.data().clientId() : null);
        if (isConnected()) {
            flows.outbound().onConnected(connection, true);
        }
        return restored;
    }

    CompletableFuture<ConnectResult> connect() {
        if (storeFailure != null) {
            return CompletableFuture.failedFuture(storeFailure);
        }
        if (isConnected()) {
            return CompletableFuture.completedFuture(lastResult);
        }
        if (connecting != null) {
            return connecting;
        }
        try {
            sessions.ensureSession();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        connecting = new CompletableFuture<>();
        wantConnected = true;
        if (connection == null) {
            cancelReconnect();
            startConnection();
        }
        return connecting;
    }

    /** Sends DISCONNECT (when connected) and closes; stops reconnecting. Completes when the connection is closed. */
    CompletableFuture<Void> disconnect() {
        wantConnected = false;
        cancelReconnect();
        failConnecting(new ClientClosedException("disconnected before the connection was accepted"));
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (disconnecting == null) {
            disconnecting = new CompletableFuture<>();
            Connection closing = connection;
            if (closing.isAccepted()) {
                closing.send(Disconnect.NORMAL).addListener(written -> closing.close(null));
            } else {
                closing.close(null);
            }
        }
        return disconnecting;
    }

    /** After {@link #disconnect()} completed: fails what still waits; the messages stay in the session store. */
    void shutDown() {
        ClientClosedException closed = new ClientClosedException("the client was closed; the message stays in the"
                + " session store and the next client on this session completes it");
        flows.failAll(closed);
        sessions.syncNow();
    }

    private void startConnection() {
        reconnectTimer = null;
        if (!wantConnected || connection != null || storeFailure != null) {
            return;
        }
        ChannelFuture attempt = connector.connect();
        Connection current = new Connection(attempt.channel(), config.version(), sessions::syncNow);
        connection = current;
        attempt.addListener(f -> {
            // A channel that never became active gets no channelInactive: the failed attempt ends here.
            if (!f.isSuccess() && connection == current) {
                current.close(f.cause());
                ended(current);
            }
        });
        loop.schedule(() -> {
            if (connection == current && !current.isAccepted()) {
                current.close(new TimeoutException("no CONNACK within " + config.connectTimeout()));
            }
        }, config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    void onActive(Channel channel) {
        if (isCurrent(channel)) {
            connection.send(sessions.connectPacket());
        } else {
            channel.close();
        }
    }

    void onPacket(Channel channel, Packet packet) {
        if (!isCurrent(channel)) {
            return;
        }
        if (!connection.isAccepted()) {
            if (packet instanceof ConnAck connAck) {
                onConnAck(connAck);
            } else {
                violation(new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.2.0-1",
                        "the server sent " + packet.type() + " before CONNACK"));
            }
            return;
        }
        if (flows.route(packet)) {
            return;
        }
        if (packet instanceof Disconnect d) {
            connection.close(new IOException("the server disconnected: " + d.reasonCode()
                    + (d.properties().reasonString() == null ? "" : " (" + d.properties().reasonString() + ")")));
        } else {
            violation(new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "", "unexpected " + packet.type()
                    + " from the server"));
        }
    }

    private void onConnAck(ConnAck connAck) {
        if (connAck.reasonCode().isError()) {
            ConnectionRefusedException refused = new ConnectionRefusedException(connAck.reasonCode(),
                    connAck.properties().reasonString());
            if (!config.automaticReconnect() || !refused.isWorthRetrying()) {
                wantConnected = false;
            }
            failConnecting(refused);
            connection.close(refused);
            return;
        }
        boolean assigned;
        try {
            assigned = sessions.onAccepted(connAck);
        } catch (ProtocolViolation v) {
            violation(v);
            return;
        }
        DiscardedSessionState discarded = connAck.sessionPresent() ? DiscardedSessionState.NONE
                : flows.discardProtocolState(sessions);
        ConnectionLimits limits = ConnectionLimits.of(connAck, config.version(), (int) config.keepAlive().getSeconds());
        connection.accepted(limits);
        accepted = true;
        Connector.armKeepAlive(connection.channel(), limits.keepAliveSeconds());
        backoff.reset();
        List<Subscription> resubscribe = !connAck.sessionPresent() && config.resubscribeOnSessionLoss()
                ? flows.handlers().subscriptions() : List.of();
        flows.onConnected(connection, connAck.sessionPresent(), resubscribe);
        lastResult = new ConnectResult(connAck.sessionPresent(), sessions.data().clientId(), assigned,
                config.version(), connAck.properties(), discarded);
        if (!discarded.isEmpty()) {
            config.listener().onSessionStateDiscarded(discarded);
        }
        CompletableFuture<ConnectResult> waiting = connecting;
        connecting = null;
        if (waiting != null) {
            waiting.complete(lastResult);
        }
        config.listener().onConnected(lastResult);
    }

    void onDecodeFailure(Channel channel, DecodeFailure failure) {
        if (isCurrent(channel)) {
            violation(new ProtocolViolation(failure.reasonCode(), "", failure.detail()));
        }
    }

    void onIdle(Channel channel, IdleState state) {
        if (!isCurrent(channel) || !connection.isAccepted()) {
            return;
        }
        if (state == IdleState.WRITER_IDLE) {
            connection.send(PingReq.INSTANCE);
        } else if (state == IdleState.READER_IDLE) {
            connection.close(new TimeoutException("nothing from the server for 1.5 times the keep alive of "
                    + connection.limits().keepAliveSeconds() + " s"));
        }
    }

    void onException(Channel channel, Throwable cause) {
        if (isCurrent(channel)) {
            LOG.debug("Connection to {} failed", config.broker(), cause);
            connection.close(cause);
        }
    }

    void onInactive(Channel channel) {
        if (isCurrent(channel)) {
            ended(connection);
        }
    }

    /** The current connection, or connection attempt, is over: bookkeeping, then reconnect if wanted. */
    private void ended(Connection lost) {
        connection = null;
        accepted = false;
        flows.onConnectionLost();
        Throwable cause = lost.closeCause() != null ? lost.closeCause()
                : new ConnectException("connection to " + config.broker() + " closed");
        if (lost.isAccepted() && storeFailure == null) {
            sessions.apply(new SessionChange.ConnectionEnded(sessions.expiryDeadline()));
            if (disconnecting == null) {
                config.listener().onConnectionLost(cause);
            }
        }
        failConnecting(cause);
        if (wantConnected && config.automaticReconnect() && storeFailure == null) {
            Duration delay = backoff.next();
            LOG.debug("Reconnecting to {} in {}", config.broker(), delay);
            reconnectTimer = loop.schedule(this::startConnection, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (disconnecting != null) {
            CompletableFuture<Void> done = disconnecting;
            disconnecting = null;
            done.complete(null);
        }
    }

    /** The server broke the protocol: tell a 5.0 server why, then close. */
    private void violation(ProtocolViolation v) {
        LOG.warn("Closing the connection to {}: {}", config.broker(), v.toString());
        Connection current = connection;
        if (current == null) {
            return;
        }
        if (current.version().isV5() && current.channel().isActive()) {
            current.send(Disconnect.of(v.reasonCode(), v.getMessage())).addListener(f -> current.close(v));
        } else {
            current.close(v);
        }
    }

    private void storeFailed(SessionStoreException e) {
        LOG.error("The session store failed; the client stops sending: {}", e.getMessage(), e);
        storeFailure = e;
        wantConnected = false;
        cancelReconnect();
        failConnecting(e);
        flows.failAll(e);
        if (connection != null) {
            connection.close(e);
        }
    }

    private void failConnecting(Throwable cause) {
        CompletableFuture<ConnectResult> waiting = connecting;
        connecting = null;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }

    private void cancelReconnect() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
            reconnectTimer = null;
        }
    }

    private boolean isCurrent(Channel channel) {
        return connection != null && connection.channel() == channel;
    }

}
