package dev.roost.client;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of a client channel's pipeline: hands what the codec decoded, and the channel's life events, to
 * the {@link ClientCore}. Runs on the channel's event loop, which is the client's I/O thread.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private final ClientCore core;

    ClientChannelHandler(ClientCore core) {
        this.core = core;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        core.onActive(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Packet packet) {
            core.onPacket(ctx.channel(), packet);
        } else if (msg instanceof DecodeFailure failure) {
            core.onDecodeFailure(ctx.channel(), failure);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
            core.onIdle(ctx.channel(), idle.state());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        core.onException(ctx.channel(), cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.onInactive(ctx.channel());
        ctx.fireChannelInactive();
    }
}
