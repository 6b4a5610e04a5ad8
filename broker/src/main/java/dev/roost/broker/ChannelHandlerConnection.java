package dev.roost.broker;

import dev.roost.broker.core.connection.Connection;
import dev.roost.broker.core.connection.ProtocolHandler;
import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.packet.Packet;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over one Netty channel, and the last inbound handler of that channel's pipeline: it hands what
 * the codec decoded to the connection's {@link ProtocolHandler}.
 *
 * <p>Threading: the {@link Connection} methods may be called from any thread (Netty queues writes made off the event
 * loop, in call order per thread). The {@link ProtocolHandler} is created and called only on the channel's event loop,
 * one call at a time; {@link ProtocolHandler#onClosed()} is called exactly once, when the channel becomes inactive.
 */
final class ChannelHandlerConnection extends ChannelInboundHandlerAdapter implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelHandlerConnection.class);
    private static final String KEEP_ALIVE = "keepAlive";

    private final Channel channel;
    private final String remoteAddress;
    private final Function<Connection, ProtocolHandler> handlers;
    private final ChannelFutureListener reportWriteFailure = this::reportWriteFailure;

    // Event loop only.
    private ProtocolHandler handler;
    private boolean closedReported;
    private boolean failureLogged;

    /**
     * @param handlers creates the protocol handler when the channel becomes active (in production
     *     {@code BrokerCore::accept})
     */
    ChannelHandlerConnection(Channel channel, Function<Connection, ProtocolHandler> handlers) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.remoteAddress = format(channel.remoteAddress());
    }

    // ---- Connection: any thread -------------------------------------------------------------------------------------

    @Override
    public void send(Packet packet) {
        if (channel.isActive()) {
            channel.writeAndFlush(packet).addListener(reportWriteFailure);
        }
    }

    @Override
    public void sendAndClose(Packet packet) {
        if (channel.isActive()) {
            channel.writeAndFlush(packet).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** One hand-over to the event loop and one flush for the whole list. */
    @Override
    public void sendAll(List<Packet> packets, boolean close) {
        if (channel.eventLoop().inEventLoop()) {
            writeAll(packets, close);
        } else {
            channel.eventLoop().execute(() -> writeAll(packets, close));
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public void pauseReading() {
        onEventLoop(() -> channel.config().setAutoRead(false));
    }

    /** Always a task on the event loop, so it runs after a pause made by the packet being decoded now. */
    @Override
    public void resumeReading() {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    @Override
    public void armKeepAlive(Duration idleLimit) {
        Objects.requireNonNull(idleLimit, "idleLimit");
        if (idleLimit.isNegative()) {
            throw new IllegalArgumentException("idleLimit must not be negative: " + idleLimit);
        }
        if (channel.eventLoop().inEventLoop()) {
            replaceKeepAliveWatch(idleLimit);
        } else {
            channel.eventLoop().execute(() -> replaceKeepAliveWatch(idleLimit));
        }
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return "Connection[" + remoteAddress + "]";
    }

    // ---- inbound: event loop ----------------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handler = handlers.apply(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handler == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Packet packet) {
            handler.onPacket(packet);
        } else if (msg instanceof DecodeFailure failure) {
            handler.onDecodeFailure(failure);
        } else {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("the codec delivered " + msg.getClass().getName()
                    + ", expected a Packet or a DecodeFailure");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            // Only the first event of an idle period: the handler closes the connection, later ones would repeat it.
            if (idle.state() == IdleState.READER_IDLE && idle.isFirst() && handler != null) {
                handler.onKeepAliveTimeout();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (handler != null && ctx.channel().isWritable()) {
            handler.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handler != null && !closedReported) {
            closedReported = true;
            handler.onClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Once per connection and without a stack trace: a peer that resets mid-stream or a burst of failed writes
        // must not flood the log. The stack trace is at debug for whoever is chasing a bug.
        if (!failureLogged) {
            failureLogged = true;
            if (cause instanceof IOException) {
                LOG.debug("{}: {}; closing", remoteAddress, cause.toString());
            } else {
                LOG.warn("{}: {}; closing", remoteAddress, cause.toString());
                LOG.debug("{}: stack trace of the failure", remoteAddress, cause);
            }
        }
        ctx.close();
    }

    private void writeAll(List<Packet> packets, boolean close) {
        if (!channel.isActive()) {
            if (close) {
                channel.close();
            }
            return;
        }
        ChannelFuture last = null;
        for (Packet p : packets) {
            last = channel.write(p).addListener(reportWriteFailure);
        }
        channel.flush();
        if (close) {
            if (last == null) {
                channel.close();
            } else {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private void replaceKeepAliveWatch(Duration idleLimit) {
        if (channel.pipeline().get(KEEP_ALIVE) != null) {
            channel.pipeline().remove(KEEP_ALIVE);
        }
        if (!idleLimit.isZero() && channel.isActive()) {
            // First in the pipeline: any bytes received count as activity, also those of a packet still arriving.
            channel.pipeline().addFirst(KEEP_ALIVE,
                    new IdleStateHandler(idleLimit.toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        }
    }

    /** A write that fails on an open channel (an encoding failure, a reset) goes down the one failure path. */
    private void reportWriteFailure(ChannelFuture future) {
        if (!future.isSuccess() && future.channel().isOpen()) {
            future.channel().pipeline().fireExceptionCaught(future.cause());
        }
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
