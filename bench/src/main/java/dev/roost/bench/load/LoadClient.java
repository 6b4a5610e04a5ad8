package dev.roost.bench.load;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One lean MQTT connection of the load generator: the last handler of a channel that {@link LoadNetwork} set up with
 * the Roost codec. It sends CONNECT when the channel opens, pipelines outbound QoS 1/2 PUBLISH up to an in-flight
 * window, answers every inbound PUBLISH (PUBACK; PUBREC, then PUBCOMP on PUBREL) and hands each application message
 * to its {@link InboundListener}. It keeps no state beyond the connection: nothing is resent after a reconnect.
 *
 * <p>Threading: every Netty callback runs on the channel's event loop, which owns the fields marked so. Methods say
 * whether they may be called from any thread or only on {@link #eventLoop()}. Flushing is batched: acknowledgements
 * written while a read burst is handled are flushed when the burst ends.
 */
public final class LoadClient extends ChannelInboundHandlerAdapter {
    private final ClientOptions options;
    private final NanoClock clock;
    private final CompletableFuture<ConnAck> connAck = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile InboundListener listener = InboundListener.IGNORE;
    private volatile AckListener ackListener = AckListener.IGNORE;
    private volatile Runnable onReady = () -> { };
    private volatile String failure;
    private volatile long refusedPublishes;
    private volatile boolean closing;

    // Valid for the connection; event loop only.
    private final PacketIds ids = new PacketIds();
    private final Map<Integer, CompletableFuture<SubAck>> subAcks = new HashMap<>();
    private final BitSet inboundQos2 = new BitSet(65_536);
    private long[] sentNanos; // by packet id, allocated once an AckListener is set and a QoS 1/2 PUBLISH is sent
    private Channel channel;
    private int window;
    private int publishesInFlight;
    private boolean readySinceRead;
    private ScheduledFuture<?> keepAlive;

    LoadClient(ClientOptions options, NanoClock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = options.inflightWindow();
    }

    /** Any thread. Completes with the broker's CONNACK if it accepted the connection, exceptionally otherwise. */
    public CompletableFuture<ConnAck> connAck() {
        return connAck;
    }

    /** Any thread. Completes when the channel has closed, for whatever reason. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Any thread. @return the Session Present flag of the CONNACK; {@code false} before it arrived */
    public boolean sessionPresent() {
        return connAck.isDone() && !connAck.isCompletedExceptionally() && connAck.join().sessionPresent();
    }

    public ClientOptions options() {
        return options;
    }

    /** @return the event loop that owns this connection; {@code null} before the channel was registered */
    public EventLoop eventLoop() {
        return channel == null ? null : channel.eventLoop();
    }

    /** Any thread. Replaces the listener for application messages received from now on. */
    public void listener(InboundListener newListener) {
        listener = Objects.requireNonNull(newListener, "listener");
    }

    /**
     * Any thread. Replaces the listener told of each QoS 1/2 publish the broker completes, with its send time, for
     * publishes written from now on.
     */
    public void ackListener(AckListener newListener) {
        ackListener = Objects.requireNonNull(newListener, "ackListener");
    }

    /**
     * Any thread. Sets what runs on the event loop when this client may publish again after it could not: the
     * channel became writable, or acknowledgements freed room in the window.
     */
    public void onReady(Runnable action) {
        onReady = Objects.requireNonNull(action, "action");
    }

    /** Any thread. @return why the connection failed or the broker ended it; {@code null} if it did not */
    public String failure() {
        return failure;
    }

    /** Any thread. @return how many QoS 1/2 PUBLISH the broker refused with an error reason code */
    public long refusedPublishes() {
        return refusedPublishes;
    }

    /**
     * Any thread. Subscribes to one filter.
     *
     * @return the SUBACK; fails when it does not arrive within {@code timeout}, when the broker refuses the filter or
     *     when the connection closes first
     */
    public CompletableFuture<SubAck> subscribe(String filter, Qos qos, Duration timeout) {
        CompletableFuture<SubAck> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                result.completeExceptionally(new IOException("not connected: " + options.clientId()));
                return;
            }
            int id = ids.allocate();
            subAcks.put(id, result);
            channel.writeAndFlush(Subscribe.of(id, Subscription.of(filter, qos)), channel.voidPromise());
        });
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(subAck -> {
            if (subAck.reasonCodes().isEmpty() || subAck.reasonCodes().get(0).isError()) {
                throw new IllegalStateException("SUBSCRIBE " + filter + " refused: " + subAck.reasonCodes());
            }
            return subAck;
        });
    }

    /** Event loop only. @return whether a PUBLISH of this QoS can be written now without overrunning anything */
    public boolean canPublish(Qos qos) {
        return channel.isWritable() && (qos == Qos.AT_MOST_ONCE || publishesInFlight < window);
    }

    /** Event loop only. Writes a PUBLISH without flushing; check {@link #canPublish} first. */
    public void publish(String topic, Qos qos, byte[] payload) {
        int id = 0;
        if (qos != Qos.AT_MOST_ONCE) {
            id = ids.allocate();
            publishesInFlight++;
            if (ackListener != AckListener.IGNORE) {
                if (sentNanos == null) {
                    sentNanos = new long[65_536];
                }
                sentNanos[id] = clock.nanoTime();
            }
        }
        channel.write(Publish.of(topic, qos, false, id, payload), channel.voidPromise());
    }

    /** Event loop only. */
    public void flush() {
        channel.flush();
    }

    /** Event loop only. @return QoS 1/2 PUBLISH sent and not yet completely acknowledged */
    public int publishesInFlight() {
        return publishesInFlight;
    }

    /** Event loop only. @return the in-flight window in force: the option, lowered to the broker's Receive Maximum */
    public int window() {
        return window;
    }

    /**
     * Any thread. Sends DISCONNECT (normal) and closes; a 5.0 session keeps the expiry its CONNECT asked for.
     *
     * @return completes when the channel closed; fails after {@code timeout}
     */
    public CompletableFuture<Void> disconnect(Duration timeout) {
        if (channel == null) {
            return CompletableFuture.completedFuture(null);
        }
        closing = true;
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(Disconnect.NORMAL).addListener(ChannelFutureListener.CLOSE);
            }
        });
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Any thread. Closes the connection without DISCONNECT. */
    public void close() {
        closing = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ConnectProperties properties = new ConnectProperties(options.sessionExpirySeconds(), options.receiveMaximum(),
                0, 0, false, true, List.of(), null, null);
        ctx.writeAndFlush(new Connect(options.version(), options.clientId(), options.cleanStart(),
                options.keepAliveSeconds(), null, null, null, properties), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Publish publish) {
            onPublish(ctx, publish);
        } else if (msg instanceof PubAck ack) {
            completeOutbound(ack.packetId(), ack.reasonCode());
        } else if (msg instanceof PubRec rec) {
            if (rec.reasonCode().isError()) {
                completeOutbound(rec.packetId(), rec.reasonCode());
            } else {
                ctx.write(PubRel.of(rec.packetId()), ctx.voidPromise());
            }
        } else if (msg instanceof PubComp comp) {
            completeOutbound(comp.packetId(), comp.reasonCode());
        } else if (msg instanceof PubRel rel) {
            inboundQos2.clear(rel.packetId());
            ctx.write(PubComp.of(rel.packetId()), ctx.voidPromise());
        } else if (msg instanceof SubAck subAck) {
            CompletableFuture<SubAck> pending = subAcks.remove(subAck.packetId());
            ids.release(subAck.packetId());
            if (pending != null) {
                pending.complete(subAck);
            }
        } else if (msg instanceof ConnAck ack) {
            onConnAck(ctx, ack);
        } else if (msg instanceof Disconnect disconnect) {
            fail(ctx, "broker sent DISCONNECT " + disconnect.reasonCode());
        } else if (msg instanceof DecodeFailure decodeFailure) {
            if (options.version() == MqttVersion.V5) {
                ctx.writeAndFlush(Disconnect.of(decodeFailure.reasonCode()));
            }
            fail(ctx, "bad packet from broker: " + decodeFailure.detail());
        }
        // PINGRESP, UNSUBACK, AUTH: nothing to do.
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (readySinceRead) {
            readySinceRead = false;
            onReady.run();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            onReady.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (failure == null && !closing) {
            failure = "the broker closed the connection";
        }
        String why = failure == null ? "connection closed" : failure;
        connAck.completeExceptionally(new IOException(options.clientId() + ": " + why + " before CONNACK"));
        subAcks.values().forEach(f -> f.completeExceptionally(new IOException(why + " before SUBACK")));
        subAcks.clear();
        closed.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.toString());
    }

    private void onPublish(ChannelHandlerContext ctx, Publish publish) {
        long now = clock.nanoTime();
        switch (publish.qos()) {
            case AT_MOST_ONCE -> listener.onPublish(publish, now);
            case AT_LEAST_ONCE -> {
                listener.onPublish(publish, now);
                ctx.write(PubAck.of(publish.packetId()), ctx.voidPromise());
            }
            case EXACTLY_ONCE -> {
                if (!inboundQos2.get(publish.packetId())) {
                    inboundQos2.set(publish.packetId());
                    listener.onPublish(publish, now);
                }
                ctx.write(PubRec.of(publish.packetId()), ctx.voidPromise());
            }
        }
    }

    private void completeOutbound(int packetId, ReasonCode reasonCode) {
        if (!ids.release(packetId)) {
            return; // an id we did not have in flight: ignore rather than corrupt the window count
        }
        publishesInFlight--;
        if (reasonCode.isError()) {
            refusedPublishes++;
        }
        if (sentNanos != null) {
            ackListener.onAcknowledged(sentNanos[packetId], clock.nanoTime());
        }
        readySinceRead = true;
    }

    private void onConnAck(ChannelHandlerContext ctx, ConnAck ack) {
        if (ack.reasonCode().isError()) {
            failure = "CONNACK " + ack.reasonCode();
            connAck.completeExceptionally(new IOException(options.clientId() + ": broker refused: "
                    + ack.reasonCode()));
            ctx.close();
            return;
        }
        Integer receiveMaximum = ack.properties().receiveMaximum();
        if (receiveMaximum != null && receiveMaximum < window) {
            window = receiveMaximum;
        }
        int keepAliveSeconds = ack.properties().serverKeepAliveSeconds() != null
                ? ack.properties().serverKeepAliveSeconds() : options.keepAliveSeconds();
        if (keepAliveSeconds > 0) {
            long periodMillis = keepAliveSeconds * 500L;
            keepAlive = ctx.executor().scheduleAtFixedRate(
                    () -> ctx.writeAndFlush(PingReq.INSTANCE, ctx.voidPromise()),
                    periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
        connAck.complete(ack);
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (failure == null) {
            failure = why;
        }
        ctx.close();
    }
}
