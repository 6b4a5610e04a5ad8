package dev.roost.bench.load;

import dev.roost.codec.MqttPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's side of the network: one shared event loop group and the address of the broker under test.
 * Every {@link LoadClient} it connects lives on one of its event loops.
 *
 * <p>Thread-safe. {@link #close()} closes every channel still open and stops the threads; idempotent.
 */
public final class LoadNetwork implements AutoCloseable {
    /** Largest packet accepted from the broker. */
    private static final int MAX_PACKET_SIZE = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final NanoClock clock;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    /**
     * @param threads event loop threads; 0 means one per processor
     */
    public LoadNetwork(String host, int port, int threads, NanoClock clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public NanoClock clock() {
        return clock;
    }

    /**
     * Opens a connection and sends CONNECT.
     *
     * @return the client once the broker accepted it; fails when the TCP connect fails, the broker refuses, or the
     *     CONNACK does not arrive within {@link ClientOptions#connectTimeout()} (the channel is then closed)
     */
    public CompletableFuture<LoadClient> connect(ClientOptions options) {
        return connect(options, InboundListener.IGNORE);
    }

    /**
     * Like {@link #connect(ClientOptions)}, with {@code listener} in place before CONNECT is sent: a resumed session
     * may deliver queued messages right after its CONNACK.
     */
    public CompletableFuture<LoadClient> connect(ClientOptions options, InboundListener listener) {
        LoadClient client = new LoadClient(options, clock);
        client.listener(listener);
        Duration timeout = options.connectTimeout();
        Bootstrap b = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        MqttPipeline.installClient(ch.pipeline(), MAX_PACKET_SIZE);
                        ch.pipeline().addLast("load-client", client);
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                client.connAck().completeExceptionally(f.cause());
            }
        });
        return client.connAck()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ack, error) -> {
                    if (error != null) {
                        client.close();
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    return client;
                });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
