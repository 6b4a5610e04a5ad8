package dev.roost.client;

import dev.roost.client.session.BrokerAddress;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link RoostClient} connects and keeps its session. Immutable and thread-safe; {@link #newBuilder()} makes a
 * variant. See {@link ClientConfigBuilder} for every option and its default.
 *
 * <p>Which session the client uses, on its first connect: the session of {@link #clientId()} when one is set; with
 * {@link #serverAssignedClientId()}, the last used session of the broker if there is any, else a null session (MQTT
 * 5.0: the server assigns the id, which is kept for the next run); otherwise the last used session of the broker,
 * created with a generated id when there is none.
 *
 * <p>Nullability: {@link #clientId()}, {@link #will()}, {@link #username()}, {@link #password()},
 * {@link #sslContext()}, {@link #sessionStore()} and {@link #sessionStateFile()} may be {@code null}; nothing else.
 */
public final class ClientConfig {
    /** The session expiry interval that means "never" (MQTT 5.0, 3.1.2.11.2). */
    public static final Duration SESSION_NEVER_EXPIRES = Duration.ofSeconds(0xFFFFFFFFL);

    final String host;
    final int port;
    final MqttVersion version;
    final String clientId;
    final boolean serverAssignedClientId;
    final boolean cleanStart;
    final Duration sessionExpiry;
    final Duration keepAlive;
    final Will will;
    final String username;
    final byte[] password;
    final SslContext sslContext;
    final int receiveMaximum;
    final int maximumPacketSize;
    final int maxQueuedMessages;
    final boolean automaticReconnect;
    final Duration reconnectInitialDelay;
    final Duration reconnectMaxDelay;
    final boolean resubscribeOnSessionLoss;
    final ClientSessionStore sessionStore;
    final Path sessionStoreDirectory;
    final Path sessionStateFile;
    final MessageHandler defaultHandler;
    final ClientListener listener;
    final Duration handlerGracePeriod;
    final Duration connectTimeout;
    final Clock clock;

    ClientConfig(ClientConfigBuilder b) {
        host = b.host;
        port = b.port > 0 ? b.port : b.sslContext != null ? 8883 : 1883;
        version = b.version;
        clientId = b.clientId;
        serverAssignedClientId = b.serverAssignedClientId;
        cleanStart = b.cleanStart;
        sessionExpiry = b.sessionExpiry;
        keepAlive = b.keepAlive;
        will = b.will;
        username = b.username;
        password = b.password == null ? null : b.password.clone();
        sslContext = b.sslContext;
        receiveMaximum = b.receiveMaximum;
        maximumPacketSize = b.maximumPacketSize;
        maxQueuedMessages = b.maxQueuedMessages;
        automaticReconnect = b.automaticReconnect;
        reconnectInitialDelay = b.reconnectInitialDelay;
        reconnectMaxDelay = b.reconnectMaxDelay;
        resubscribeOnSessionLoss = b.resubscribeOnSessionLoss;
        sessionStore = b.sessionStore;
        sessionStoreDirectory = b.sessionStoreDirectory;
        sessionStateFile = b.sessionStateFile;
        defaultHandler = b.defaultHandler;
        listener = b.listener;
        handlerGracePeriod = b.handlerGracePeriod;
        connectTimeout = b.connectTimeout;
        clock = b.clock;
    }

    /** @return a builder for a client of the broker at {@code host}:{@code port} (0: 1883, or 8883 with TLS) */
    public static ClientConfigBuilder builder(String host, int port) {
        return new ClientConfigBuilder(host, port);
    }

    /** @return a builder that starts from this configuration */
    public ClientConfigBuilder newBuilder() {
        return new ClientConfigBuilder(this);
    }

    public String host() { return host; }
    public int port() { return port; }
    /** @return the store key of this configuration's broker */
    public BrokerAddress broker() { return BrokerAddress.of(host, port); }
    public MqttVersion version() { return version; }
    public String clientId() { return clientId; }
    public boolean serverAssignedClientId() { return serverAssignedClientId; }
    public boolean cleanStart() { return cleanStart; }
    public Duration sessionExpiry() { return sessionExpiry; }
    public Duration keepAlive() { return keepAlive; }
    public Will will() { return will; }
    public String username() { return username; }
    public byte[] password() { return password == null ? null : password.clone(); }
    public SslContext sslContext() { return sslContext; }
    public int receiveMaximum() { return receiveMaximum; }
    public int maximumPacketSize() { return maximumPacketSize; }
    public int maxQueuedMessages() { return maxQueuedMessages; }
    public boolean automaticReconnect() { return automaticReconnect; }
    public Duration reconnectInitialDelay() { return reconnectInitialDelay; }
    public Duration reconnectMaxDelay() { return reconnectMaxDelay; }
    public boolean resubscribeOnSessionLoss() { return resubscribeOnSessionLoss; }
    public ClientSessionStore sessionStore() { return sessionStore; }
    public Path sessionStoreDirectory() { return sessionStoreDirectory; }
    public Path sessionStateFile() { return sessionStateFile; }
    public MessageHandler defaultHandler() { return defaultHandler; }
    public ClientListener listener() { return listener; }
    public Duration handlerGracePeriod() { return handlerGracePeriod; }
    public Duration connectTimeout() { return connectTimeout; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "ClientConfig[" + broker() + ", " + version + ", clientId=" + (clientId != null ? clientId
                : serverAssignedClientId ? "(server-assigned)" : "(last used)") + ", cleanStart=" + cleanStart
                + ", sessionExpiry=" + sessionExpiry + ", keepAlive=" + keepAlive + ", tls=" + (sslContext != null)
                + ", user=" + username + ", password=" + (password == null ? "none" : "(set)") + "]";
    }
}
