package dev.roost.broker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection that delivers nothing within the CONNECT timeout, in the spirit of [MQTT-3.1.4-1]: a server
 * need not hold a socket for a peer that never says who it is. The first decoded message (a packet or a decode
 * failure) ends the watch and removes this handler: from then on the protocol handler is in charge, including of a
 * first packet that is not CONNECT.
 *
 * <p>One instance per channel; runs on the channel's event loop.
 */
final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectTimeoutHandler.class);

    private final Duration timeout;
    private ScheduledFuture<?> expiry;

    ConnectTimeoutHandler(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startWatch(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startWatch(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    private void startWatch(ChannelHandlerContext ctx) {
        if (expiry == null) {
            expiry = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        LOG.debug("{} sent no CONNECT within {} ms; closing", ctx.channel().remoteAddress(), timeout.toMillis());
        ctx.close();
    }
}
