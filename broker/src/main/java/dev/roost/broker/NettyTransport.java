package dev.roost.broker;

import dev.roost.broker.core.connection.Connection;
import dev.roost.broker.core.connection.ProtocolHandler;
import dev.roost.codec.MqttPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT over TCP with Netty: one acceptor thread, a pool of I/O threads (epoll when the native transport is available,
 * NIO otherwise), and per connection the pipeline
 *
 * <pre>
 *   [keepAlive: IdleStateHandler, once armed] → codec (MqttPipeline) → connectTimeout → connection
 * </pre>
 *
 * <p>New connections pass the server-wide {@link ConnectRateLimiter} first; one refused a permit is closed before its
 * pipeline is built. The last handler, {@link ChannelHandlerConnection}, is both the broker's {@link Connection} and
 * the feeder of its {@link ProtocolHandler}.
 *
 * <p>Thread-safe. {@link #stopAccepting()} and {@link #close()} are idempotent.
 */
final class NettyTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

    /**
     * Outbound buffer per connection: above the high mark a connection reports itself not writable (QoS 0 may then be
     * dropped for it); it becomes writable again below the low mark. 256 KiB holds a few hundred typical messages, so a
     * subscriber that reads normally never hits it while a stalled one cannot hoard memory.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final InetSocketAddress address;

    private NettyTransport(EventLoopGroup acceptor, EventLoopGroup workers, Channel serverChannel) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.address = (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Binds the listener and starts accepting.
     *
     * @param handlers creates the protocol handler of each new connection, on that connection's I/O thread
     * @throws UncheckedIOException when the address cannot be bound; its message names the address and the reason
     */
    static NettyTransport bind(BrokerConfig config, Clock clock, Function<Connection, ProtocolHandler> handlers) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("roost-accept"), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("roost-io"), io);

        ConnectRateLimiter connectLimiter = new ConnectRateLimiter(config.maxConnectsPerSecond(), clock);
        int maxPacketSize = config.settings().maximumPacketSize();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (!connectLimiter.tryAcquire()) {
                            LOG.debug("{}: over {} new connections per second; closing", channel.remoteAddress(),
                                    config.maxConnectsPerSecond());
                            channel.close();
                            return;
                        }
                        MqttPipeline.installServer(channel.pipeline(), maxPacketSize);
                        channel.pipeline()
                                .addLast("connectTimeout", new ConnectTimeoutHandler(config.connectTimeout()))
                                .addLast("connection", new ChannelHandlerConnection(channel, handlers));
                    }
                });

        InetSocketAddress requested = new InetSocketAddress(config.bindAddress(), config.port());
        if (requested.isUnresolved()) {
            shutDown(acceptor);
            shutDown(workers);
            String message = "Cannot listen on " + config.bindAddress() + ":" + config.port() + ": unknown host";
            throw new UncheckedIOException(message, new IOException(message));
        }
        ChannelFuture bound = bootstrap.bind(requested).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutDown(acceptor);
            shutDown(workers);
            Throwable cause = bound.cause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new UncheckedIOException("Cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + reason, cause instanceof IOException e ? e : new IOException(cause));
        }
        LOG.debug("Transport: {}", epoll ? "epoll" : "NIO");
        return new NettyTransport(acceptor, workers, bound.channel());
    }

    /** The address the listener is bound to, with the actual port. */
    InetSocketAddress address() {
        return address;
    }

    /** Closes the listener: no new connections; open ones are kept. */
    void stopAccepting() {
        serverChannel.close().awaitUninterruptibly();
    }

    /** Closes the listener and every connection, and stops the I/O threads. Returns when they have stopped. */
    void close() {
        stopAccepting();
        shutDown(acceptor);
        shutDown(workers);
    }

    private static void shutDown(EventLoopGroup group) {
        // No quiet period: by now the core has said goodbye to its clients; what is left is closed at once.
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }
}
