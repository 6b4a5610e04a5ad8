package dev.roost.client;

import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.FileClientSessionStore;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.topic.Topics;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An MQTT 3.1.1/5.0 client whose session survives the application: every outbound QoS 1/2 message and inbound QoS 2
 * packet id is in the session store before it is on the wire, and a new client on the same store resumes where the
 * last one stopped.
 *
 * <pre>{@code
 * RoostClient client = RoostClient.create(ClientConfig.builder("broker.example.com", 1883)
 *         .clientId("sensor-7").sessionStoreDirectory(Path.of("sessions")).build());
 * client.subscribe("commands/#", Qos.EXACTLY_ONCE, m -> handle(m)).join();   // handlers before connect: see below
 * ConnectResult r = client.connect().join();
 * client.publish("telemetry", payload, Qos.AT_LEAST_ONCE).join();           // completes on PUBACK
 * client.close();
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe: every method may be called from any thread; the work runs on the client's own I/O
 * thread, in call order. Futures complete on that thread: do not block in their dependent stages (use the
 * {@code *Async} variants), and do not call {@link #blocking()} methods from handlers or listeners. Each client has its
 * own thread, reconnect state and randomness; nothing is shared between clients.
 *
 * <p><b>Handlers.</b> Register handlers ({@link #subscribe}, or {@link #registerHandler} for a subscription the
 * resumed session already has) before {@link #connect()} when you can. Messages of a resumed session that arrive
 * before their handler is registered wait for it (see {@link ClientConfigBuilder#handlerGracePeriod}); messages no
 * handler claims go to the default handler.
 *
 * <p>Nullability: arguments must not be {@code null}; futures never complete with {@code null} except
 * {@code CompletableFuture<Void>}.
 */
public final class RoostClient implements AutoCloseable {
    private final ClientConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ClientCore core;
    private final ClientSessionStore ownedStore;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RoostClient(ClientConfig config, ClientSessionStore store, ClientSessionStore ownedStore) {
        this.config = config;
        this.ownedStore = ownedStore;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("roost-client"),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.core = new ClientCore(config, loop, store);
    }

    /**
     * Creates a client; nothing happens on the network until {@link #connect()}. Without a configured store this
     * opens the file store in {@link ClientConfig#sessionStoreDirectory()}, which {@link #close()} closes.
     */
    public static RoostClient create(ClientConfig config) {
        if (config.sessionStore() != null) {
            return new RoostClient(config, config.sessionStore(), null);
        }
        FileClientSessionStore store = FileClientSessionStore.open(config.sessionStoreDirectory(), config.clock());
        return new RoostClient(config, store, store);
    }

    public ClientConfig config() {
        return config;
    }

    /**
     * Connects, resuming the session unless Clean Start was asked for. Completes on CONNACK; fails with
     * {@link ConnectionRefusedException} on a refusing CONNACK or with the I/O failure of the attempt (automatic
     * reconnect, if on, keeps trying after a failure). When connected already, completes with the current result.
     */
    public CompletableFuture<ConnectResult> connect() {
        return call(core::connect);
    }

    /** @return whether a connection is accepted right now (a snapshot) */
    public boolean isConnected() {
        return core.isAccepted();
    }

    /** {@link #publish(Publish)} of a message without properties and without Retain. */
    public CompletableFuture<PublishResult> publish(String topic, byte[] payload, Qos qos) {
        return publish(Publish.of(topic, qos, false, 0, payload));
    }

    public CompletableFuture<PublishResult> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return publish(Publish.of(topic, qos, retain, 0, payload));
    }

    /**
     * Publishes a message (its topic, QoS, retain, payload and properties; packet id and DUP are the client's). Works
     * offline too: the message waits in the session, bounded by {@link ClientConfig#maxQueuedMessages()}. Completes
     * when written (QoS 0), on PUBACK (QoS 1) or on PUBCOMP (QoS 2); fails with {@link PublishRejectedException},
     * {@link SessionDiscardedException}, {@link ClientClosedException} or {@link IllegalArgumentException} (topic).
     */
    public CompletableFuture<PublishResult> publish(Publish message) {
        return call(() -> {
            core.sessions().ensureSession();
            CompletableFuture<PublishResult> done = new CompletableFuture<>();
            core.flows().outbound().publish(message, done);
            return done;
        });
    }

    public CompletableFuture<SubscribeResult> subscribe(String filter, Qos qos, MessageHandler handler) {
        return subscribe(Subscription.of(filter, qos), handler);
    }

    /**
     * Registers {@code handler} for the filter and subscribes (now, or when connected). Completes on SUBACK; an
     * error reason code does not fail it (see {@link SubscribeResult}). The handler is used again after a restart only
     * if the application registers it again.
     */
    public CompletableFuture<SubscribeResult> subscribe(Subscription subscription, MessageHandler handler) {
        return call(() -> {
            validateFilter(subscription.filter());
            core.sessions().ensureSession();
            registerOnLoop(subscription, handler);
            CompletableFuture<SubscribeResult> done = new CompletableFuture<>();
            core.flows().subscriptions().subscribe(List.of(subscription), done);
            return done;
        });
    }

    /**
     * Registers {@code handler} for a filter the session is already subscribed to, without sending SUBSCRIBE: for
     * the application's restart on a resumed session. If the server turns out to have lost the session, the filter is
     * subscribed again with {@code subscription}'s options (see {@link ClientConfig#resubscribeOnSessionLoss()}).
     */
    public CompletableFuture<Void> registerHandler(Subscription subscription, MessageHandler handler) {
        return call(() -> {
            validateFilter(subscription.filter());
            core.sessions().ensureSession();
            registerOnLoop(subscription, handler);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Removes the filter's handler and unsubscribes. Completes on UNSUBACK. */
    public CompletableFuture<UnsubscribeResult> unsubscribe(String filter) {
        return call(() -> {
            validateFilter(filter);
            core.sessions().ensureSession();
            core.flows().handlers().remove(filter);
            CompletableFuture<UnsubscribeResult> done = new CompletableFuture<>();
            core.flows().subscriptions().unsubscribe(List.of(filter), done);
            return done;
        });
    }

    /** Sends DISCONNECT and closes the connection; no automatic reconnect until {@link #connect()}. */
    public CompletableFuture<Void> disconnect() {
        return call(core::disconnect);
    }

    /**
     * @return the whole session state as text (see {@link dev.roost.client.session.SessionStateText}); also written
     *     to {@link ClientConfig#sessionStateFile()} when one is configured
     */
    public CompletableFuture<String> exportSession() {
        return call(() -> CompletableFuture.completedFuture(core.sessions().export()));
    }

    /**
     * Replaces this client's session with an exported one (the session-state file's content instead, when that file
     * is configured and exists) and switches Clean Start off. Call it before {@link #connect()}, or once connected
     * with the same client id and Session Present 1 — see docs/CLIENT.md, "restore only if the server kept the
     * session" — then the restored open exchanges are replayed at once.
     */
    public CompletableFuture<ClientSessionState> restoreSession(String exported) {
        return call(() -> CompletableFuture.completedFuture(core.restore(exported)));
    }

    /** @return a copy of the session state as it is now */
    public CompletableFuture<ClientSessionState> sessionState() {
        return call(() -> CompletableFuture.completedFuture(core.sessions().snapshot()));
    }

    /** @return the blocking view of this client: the same client, methods that wait */
    public BlockingRoostClient blocking() {
        return new BlockingRoostClient(this, loop);
    }

    /**
     * Disconnects, fails what still waits with {@link ClientClosedException} (messages stay in the session store),
     * closes the store if the client opened it, and stops the I/O thread. Idempotent. Must not be called on the
     * client's I/O thread (from a handler or listener): use {@link #disconnect()} there.
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("close() from the client's own thread would wait for itself; call"
                    + " disconnect() from handlers and listeners");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMillis = config.connectTimeout().toMillis();
        try {
            CompletableFuture.supplyAsync(core::disconnect, loop).thenCompose(f -> f)
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RoostClient.class).debug("No orderly disconnect on close", e);
        }
        try {
            CompletableFuture.runAsync(core::shutDown, loop).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RoostClient.class).warn("Closing the client's session failed", e);
        } finally {
            group.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS).syncUninterruptibly();
            if (ownedStore != null) {
                ownedStore.close();
            }
        }
    }

    private void registerOnLoop(Subscription subscription, MessageHandler handler) {
        core.flows().handlers().register(subscription, handler);
        core.flows().inbound().onHandlerRegistered();
    }

    private static void validateFilter(String filter) {
        try {
            Topics.validateTopicFilter(filter);
        } catch (ProtocolViolation e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new ClientClosedException("the client is closed"));
            return result;
        }
        try {
            loop.execute(() -> {
                try {
                    action.get().whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ClientClosedException("the client is closed"));
        }
        return result;
    }

    @Override
    public String toString() {
        return "RoostClient[" + config + "]";
    }
}
