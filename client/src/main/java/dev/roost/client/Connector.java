package dev.roost.client;

import dev.roost.codec.MqttPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens the client's TCP (or TLS) connections on its I/O thread, with the pipeline
 * <pre>
 *   [ssl: SslHandler, with host name verification] → codec (MqttPipeline) → [keepAlive, once CONNACK] → client
 * </pre>
 * Not thread-safe: used on the client's I/O thread.
 */
final class Connector {
    static final String KEEP_ALIVE = "keepAlive";

    private final ClientConfig config;
    private final Bootstrap bootstrap;

    Connector(ClientConfig config, EventLoop loop, ClientCore core) {
        this.config = config;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (config.sslContext() != null) {
                            SslHandler ssl = config.sslContext().newHandler(channel.alloc(), config.host(),
                                    config.port());
                            SSLEngine engine = ssl.engine();
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            channel.pipeline().addLast("ssl", ssl);
                        }
                        MqttPipeline.installClient(channel.pipeline(), config.maximumPacketSize());
                        channel.pipeline().addLast("client", new ClientChannelHandler(core));
                    }
                });
    }

    /** Starts a connection attempt; the future fails when TCP (or the TLS handshake's start) fails. */
    ChannelFuture connect() {
        return bootstrap.connect(config.host(), config.port());
    }

    /**
     * Arms keep alive once the connection is accepted: PINGREQ after {@code seconds} without writing, and the
     * connection counts as lost after one and a half times that without reading [MQTT-3.1.2-22].
     */
    static void armKeepAlive(Channel channel, int seconds) {
        if (seconds > 0 && channel.pipeline().get(KEEP_ALIVE) == null) {
            long millis = seconds * 1000L;
            channel.pipeline().addFirst(KEEP_ALIVE, new IdleStateHandler(millis * 3 / 2, millis, 0,
                    TimeUnit.MILLISECONDS));
        }
    }
}
