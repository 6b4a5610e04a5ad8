package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import java.util.List;

/**
 * Where a client keeps its sessions, per broker (host and port). The SPI behind {@link FileClientSessionStore} (the
 * default) and {@link InMemoryClientSessionStore}; one contract test runs against every implementation.
 *
 * <pre>{@code
 * BrokerAddress broker = BrokerAddress.of("broker.example.com", 1883);
 * StoredSession s = store.hasAny(broker)
 *         ? store.lastUsed(broker, MqttVersion.V5)        // resume whatever was used last
 *         : store.createNullSession(broker);              // let the server assign the client id
 * }</pre>
 *
 * <p>Every method that hands out a session marks it as used now, so it becomes the last used one of its broker.
 * A session handed out twice is the same session: two clients must not use it at the same time.
 *
 * <p><b>Threading:</b> implementations are thread-safe. Each {@link StoredSession} has its own contract.
 * Nullability: no argument may be {@code null} and no method returns {@code null}.
 */
public interface ClientSessionStore extends AutoCloseable {

    /**
     * @return the session of {@code broker} used most recently; when there is none, a new session with a generated
     *     client id (22 letters and digits, acceptable to any MQTT 3.1.1 server [MQTT-3.1.3-5]). It may be a null
     *     session, if that is what was used last.
     */
    StoredSession lastUsed(BrokerAddress broker, MqttVersion version);

    /** @return the session of {@code broker} with this client id, created empty if absent */
    StoredSession forClientId(BrokerAddress broker, String clientId, MqttVersion version);

    /** @return whether {@code broker} has any session, null sessions included */
    boolean hasAny(BrokerAddress broker);

    /**
     * A session without a client id: the client connects with an empty one and the server assigns it (MQTT 5.0
     * Assigned Client Identifier). When it does, the client appends {@link SessionChange.ClientIdAssigned} and the
     * session is kept under that id from then on, so the next run reuses it. A broker has at most one null session;
     * this returns the existing one, with whatever it has queued, if there is one.
     *
     * @throws IllegalArgumentException for MQTT 3.1.1 or 3.1: their CONNACK cannot tell the client which id the
     *     server assigned, so the session could never be resumed
     */
    StoredSession createNullSession(BrokerAddress broker, MqttVersion version);

    /**
     * Puts a whole session state into the store, replacing any session of the same broker and client id (for an
     * export brought back with {@link SessionStateText#decode}).
     */
    StoredSession restore(ClientSessionState state);

    /** @return the states of every session of {@code broker}, most recently used first */
    List<ClientSessionState> sessions(BrokerAddress broker);

    /** Removes the session of {@code broker} with this client id ({@code ""}: the null session), if any. */
    boolean remove(BrokerAddress broker, String clientId);

    /** Releases the store's resources (files, locks). Sessions handed out must not be used afterwards. Idempotent. */
    @Override
    void close();
}
