package dev.roost.client;

import dev.roost.protocol.packet.Publish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the application what happens to the connection and the session. Every method has a default, so implement only
 * what you need; the defaults log what must never pass unnoticed (discarded session state, failed stored messages).
 *
 * <p><b>Threading:</b> called on the client's I/O thread; must not block or call {@link BlockingRoostClient}.
 */
public interface ClientListener {
    /** The defaults only. */
    ClientListener LOGGING = new ClientListener() {
    };

    /** A CONNACK accepted a connection: the first one, or one made by automatic reconnect. */
    default void onConnected(ConnectResult result) {
    }

    /**
     * An established connection ended without {@link RoostClient#disconnect()}. With automatic reconnect on, the
     * client is already trying again.
     */
    default void onConnectionLost(Throwable cause) {
        Logger log = LoggerFactory.getLogger(ClientListener.class);
        log.info("Connection lost: {}", cause.toString());
    }

    /**
     * The server had no session (Session Present 0) while the client held session state, which was discarded. Called
     * before {@link #onConnected}. The default logs a warning with the counts.
     */
    default void onSessionStateDiscarded(DiscardedSessionState discarded) {
        Logger log = LoggerFactory.getLogger(ClientListener.class);
        log.warn("The server did not keep the session; discarded {}", discarded);
    }

    /**
     * A message from the session store, which no future of this client waits for (it was published by an earlier
     * run, or restored), completed its exchange.
     */
    default void onStoredPublishCompleted(Publish message, PublishResult result) {
    }

    /**
     * A message from the session store, which no future of this client waits for, failed: the server refused it or
     * it can never be sent on this connection (too large, QoS or retain not supported). The default logs a warning.
     */
    default void onStoredPublishFailed(Publish message, Throwable cause) {
        Logger log = LoggerFactory.getLogger(ClientListener.class);
        log.warn("A stored message for topic '{}' failed: {}", message.topic(), cause.toString());
    }
}
