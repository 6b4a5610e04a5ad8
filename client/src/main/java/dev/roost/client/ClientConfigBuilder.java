package dev.roost.client;

import dev.roost.client.session.ClientSessionStore;
import dev.roost.codec.MqttPipeline;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import dev.roost.protocol.topic.Topics;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ClientConfig}. Each setter checks its value at once and names its default. Not thread-safe.
 */
public final class ClientConfigBuilder {
    String host;
    int port;
    MqttVersion version = MqttVersion.V5;
    String clientId;
    boolean serverAssignedClientId;
    boolean cleanStart;
    Duration sessionExpiry = Duration.ofHours(1);
    Duration keepAlive = Duration.ofSeconds(60);
    Will will;
    String username;
    byte[] password;
    SslContext sslContext;
    int receiveMaximum = 65535;
    int maximumPacketSize = MqttPipeline.MAX_PACKET_SIZE;
    int maxQueuedMessages = 10_000;
    boolean automaticReconnect = true;
    Duration reconnectInitialDelay = Duration.ofMillis(500);
    Duration reconnectMaxDelay = Duration.ofSeconds(30);
    boolean resubscribeOnSessionLoss = true;
    ClientSessionStore sessionStore;
    Path sessionStoreDirectory = Path.of(System.getProperty("user.home"), ".roost", "client-sessions");
    Path sessionStateFile;
    MessageHandler defaultHandler = message -> LoggerFactory.getLogger(RoostClient.class).warn(
            "No handler for a message on topic '{}' (QoS {}, {} bytes); set ClientConfigBuilder.defaultHandler to"
                    + " receive such messages", message.topic(), message.qos().value(), message.payload().length);
    ClientListener listener = ClientListener.LOGGING;
    Duration handlerGracePeriod = Duration.ofSeconds(5);
    Duration connectTimeout = Duration.ofSeconds(10);
    Clock clock = Clock.systemUTC();

    ClientConfigBuilder(String host, int port) {
        host(host).port(port);
    }

    ClientConfigBuilder(ClientConfig c) {
        host = c.host;
        port = c.port;
        version = c.version;
        clientId = c.clientId;
        serverAssignedClientId = c.serverAssignedClientId;
        cleanStart = c.cleanStart;
        sessionExpiry = c.sessionExpiry;
        keepAlive = c.keepAlive;
        will = c.will;
        username = c.username;
        password = c.password;
        sslContext = c.sslContext;
        receiveMaximum = c.receiveMaximum;
        maximumPacketSize = c.maximumPacketSize;
        maxQueuedMessages = c.maxQueuedMessages;
        automaticReconnect = c.automaticReconnect;
        reconnectInitialDelay = c.reconnectInitialDelay;
        reconnectMaxDelay = c.reconnectMaxDelay;
        resubscribeOnSessionLoss = c.resubscribeOnSessionLoss;
        sessionStore = c.sessionStore;
        sessionStoreDirectory = c.sessionStoreDirectory;
        sessionStateFile = c.sessionStateFile;
        defaultHandler = c.defaultHandler;
        listener = c.listener;
        handlerGracePeriod = c.handlerGracePeriod;
        connectTimeout = c.connectTimeout;
        clock = c.clock;
    }

    public ClientConfigBuilder host(String value) {
        Objects.requireNonNull(value, "host");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        host = value;
        return this;
    }

    /** 1 to 65535, or 0 (the default) for 1883, or 8883 with TLS. */
    public ClientConfigBuilder port(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + value);
        }
        port = value;
        return this;
    }

    /** Default {@link MqttVersion#V5}. 3.1.1 works too; 3.1 is spoken as 3.1.1 servers expect it. */
    public ClientConfigBuilder version(MqttVersion value) {
        version = Objects.requireNonNull(value, "version");
        return this;
    }

    /** Use the session of this client id (created if the store has none). Default: the broker's last used session. */
    public ClientConfigBuilder clientId(String value) {
        Objects.requireNonNull(value, "clientId");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty client id asks for a null session: use"
                    + " serverAssignedClientId()");
        }
        clientId = value;
        serverAssignedClientId = false;
        return this;
    }

    /**
     * Let the server assign the client id (MQTT 5.0): the first run connects with a null session, and the assigned id
     * is kept in the session store, so later runs resume that session (3.1.1: refused at connect).
     */
    public ClientConfigBuilder serverAssignedClientId() {
        clientId = null;
        serverAssignedClientId = true;
        return this;
    }

    /**
     * Clean Start (3.1.1: Clean Session) on the first connect of this client; reconnects never ask for it. Default
     * {@code false}: resume the session.
     */
    public ClientConfigBuilder cleanStart(boolean value) {
        cleanStart = value;
        return this;
    }

    /**
     * MQTT 5.0 Session Expiry Interval: how long the server keeps the session after a connection ends. Default one
     * hour; {@link Duration#ZERO} ends it with the connection; {@link ClientConfig#SESSION_NEVER_EXPIRES}. Whole
     * seconds. (3.1.1 has no interval: a session without Clean Session lasts as long as the server decides.)
     */
    public ClientConfigBuilder sessionExpiry(Duration value) {
        sessionExpiry = requireSeconds(value, "sessionExpiry", 0xFFFFFFFFL);
        return this;
    }

    /** Keep Alive, whole seconds up to 65535; {@link Duration#ZERO} turns it off. Default 60 seconds. */
    public ClientConfigBuilder keepAlive(Duration value) {
        keepAlive = requireSeconds(value, "keepAlive", 65535);
        return this;
    }

    /** The will message, or {@code null} (the default) for none. */
    public ClientConfigBuilder will(Will value) {
        if (value != null) {
            Topics.validateTopicName(value.topic());
        }
        will = value;
        return this;
    }

    /** User name and password; either may be {@code null}. Default none. */
    public ClientConfigBuilder credentials(String user, byte[] pass) {
        username = user;
        password = pass == null ? null : pass.clone();
        return this;
    }

    /** TLS with a Netty {@link SslContext} built for client use. Default: plain TCP. */
    public ClientConfigBuilder tls(SslContext value) {
        Objects.requireNonNull(value, "sslContext");
        if (!value.isClient()) {
            throw new IllegalArgumentException("the SslContext must be a client context (SslContextBuilder.forClient())");
        }
        sslContext = value;
        return this;
    }

    /** TLS with a JDK {@link SSLContext} (for example {@code SSLContext.getDefault()}). Default: plain TCP. */
    public ClientConfigBuilder tls(SSLContext value) {
        sslContext = new JdkSslContext(Objects.requireNonNull(value, "sslContext"), true, null,
                IdentityCipherSuiteFilter.INSTANCE, null, ClientAuth.NONE, null, false);
        return this;
    }

    /** How many inbound QoS 1/2 messages the server may have unacknowledged at once (MQTT 5.0). Default 65535. */
    public ClientConfigBuilder receiveMaximum(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("receiveMaximum must be 1 to 65535: " + value);
        }
        receiveMaximum = value;
        return this;
    }

    /** The largest packet the client accepts; announced to a 5.0 server. Default: the protocol's limit. */
    public ClientConfigBuilder maximumPacketSize(int bytes) {
        if (bytes < 16 || bytes > MqttPipeline.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maximumPacketSize must be 16 to " + MqttPipeline.MAX_PACKET_SIZE
                    + ": " + bytes);
        }
        maximumPacketSize = bytes;
        return this;
    }

    /**
     * How many published messages may wait unsent (offline, or beyond the server's Receive Maximum) in the session.
     * A publish beyond it fails with {@link PublishRejectedException} QUOTA_EXCEEDED. Default 10,000.
     */
    public ClientConfigBuilder maxQueuedMessages(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be at least 1: " + value);
        }
        maxQueuedMessages = value;
        return this;
    }

    /** Reconnect after a lost connection, waiting {@code initial}, doubling up to {@code max}, with jitter. */
    public ClientConfigBuilder automaticReconnect(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
        }
        automaticReconnect = true;
        reconnectInitialDelay = initial;
        reconnectMaxDelay = max;
        return this;
    }

    /** Turns automatic reconnect off (default on: 0.5 s doubling up to 30 s). */
    public ClientConfigBuilder noAutomaticReconnect() {
        automaticReconnect = false;
        return this;
    }

    /** On Session Present 0, subscribe again the filters that have a registered handler. Default {@code true}. */
    public ClientConfigBuilder resubscribeOnSessionLoss(boolean value) {
        resubscribeOnSessionLoss = value;
        return this;
    }

    /** Keep sessions in this store; the application owns it and closes it. Default: a file store, see below. */
    public ClientConfigBuilder sessionStore(ClientSessionStore value) {
        sessionStore = value;
        return this;
    }

    /**
     * Where the default file store lives when no {@link #sessionStore} is set; the client opens and closes it.
     * Default {@code ~/.roost/client-sessions}.
     */
    public ClientConfigBuilder sessionStoreDirectory(Path value) {
        sessionStoreDirectory = Objects.requireNonNull(value, "sessionStoreDirectory");
        return this;
    }

    /**
     * A file that {@link RoostClient#exportSession()} writes the exported session to and
     * {@link RoostClient#restoreSession(String)} reads from, in place of its argument, when it exists. Default none.
     */
    public ClientConfigBuilder sessionStateFile(Path value) {
        sessionStateFile = value;
        return this;
    }

    /** Receives messages no registered handler's filter matches. Default: log a warning. */
    public ClientConfigBuilder defaultHandler(MessageHandler value) {
        defaultHandler = Objects.requireNonNull(value, "defaultHandler");
        return this;
    }

    public ClientConfigBuilder listener(ClientListener value) {
        listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /**
     * After connecting, how long a message that matches a stored subscription but no registered handler waits for
     * the application to register one (the messages of a resumed session arrive at once), before it goes to the
     * default handler. Messages behind it wait too, to keep their order. Default 5 seconds.
     */
    public ClientConfigBuilder handlerGracePeriod(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("handlerGracePeriod must not be negative: " + value);
        }
        handlerGracePeriod = value;
        return this;
    }

    /** How long a connection may take from TCP connect to CONNACK. Default 10 seconds. */
    public ClientConfigBuilder connectTimeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + value);
        }
        connectTimeout = value;
        return this;
    }

    /** The clock of session timestamps and expiry deadlines. Default the system clock (UTC). */
    public ClientConfigBuilder clock(Clock value) {
        clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    public ClientConfig build() {
        return new ClientConfig(this);
    }

    private static Duration requireSeconds(Duration value, String name, long max) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.getNano() != 0 || value.getSeconds() > max) {
            throw new IllegalArgumentException(name + " must be whole seconds from 0 to " + max + ": " + value);
        }
        return value;
    }
}
