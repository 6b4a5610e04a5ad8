package dev.roost.client;

import dev.roost.client.session.ClientSessionState;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The blocking view of a {@link RoostClient}: the same client, the same session, methods that wait for the outcome
 * and throw what the asynchronous method's future would fail with (unwrapped).
 *
 * <pre>{@code
 * BlockingRoostClient blocking = client.blocking();
 * blocking.connect();
 * blocking.publish("a/b", "hi".getBytes(UTF_8), Qos.EXACTLY_ONCE);   // returns after PUBCOMP
 * }</pre>
 *
 * <p>Thread-safe, but never call it on the client's I/O thread (from a handler or a listener): it would wait for
 * itself, so it throws {@link IllegalStateException} instead. An interrupted wait throws
 * {@link CancellationException} with the interrupt flag set; the operation itself goes on.
 */
public final class BlockingRoostClient {
    private final RoostClient client;
    private final io.netty.util.concurrent.EventExecutor loop;

    BlockingRoostClient(RoostClient client, io.netty.util.concurrent.EventExecutor loop) {
        this.client = client;
        this.loop = loop;
    }

    /** @return the asynchronous client behind this view */
    public RoostClient async() {
        return client;
    }

    public ConnectResult connect() {
        return await(client.connect());
    }

    public PublishResult publish(String topic, byte[] payload, Qos qos) {
        return await(client.publish(topic, payload, qos));
    }

    public PublishResult publish(Publish message) {
        return await(client.publish(message));
    }

    public SubscribeResult subscribe(String filter, Qos qos, MessageHandler handler) {
        return await(client.subscribe(filter, qos, handler));
    }

    public SubscribeResult subscribe(Subscription subscription, MessageHandler handler) {
        return await(client.subscribe(subscription, handler));
    }

    public void registerHandler(Subscription subscription, MessageHandler handler) {
        await(client.registerHandler(subscription, handler));
    }

    public UnsubscribeResult unsubscribe(String filter) {
        return await(client.unsubscribe(filter));
    }

    public void disconnect() {
        await(client.disconnect());
    }

    public String exportSession() {
        return await(client.exportSession());
    }

    public ClientSessionState restoreSession(String exported) {
        return await(client.restoreSession(exported));
    }

    public ClientSessionState sessionState() {
        return await(client.sessionState());
    }

    private <T> T await(CompletableFuture<T> future) {
        if (loop.inEventLoop()) {
            future.cancel(false);
            throw new IllegalStateException("a blocking call on the client's own thread would wait for itself; use"
                    + " the asynchronous RoostClient from handlers and listeners");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while waiting");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        }
    }

    @Override
    public String toString() {
        return "BlockingRoostClient[" + client + "]";
    }
}
