package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import java.time.Clock;
import java.util.List;

/**
 * A {@link ClientSessionStore} that keeps sessions in memory only: they survive a client being closed and another
 * opened in the same JVM, not a restart of the JVM. For tests, and for applications that export sessions themselves.
 * {@link #close()} does not forget the sessions.
 *
 * <p>Thread-safe; see {@link ClientSessionStore} and {@link StoredSession}.
 */
public final class InMemoryClientSessionStore implements ClientSessionStore {
    private final SessionCatalog catalog;

    public InMemoryClientSessionStore() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the "last used" times */
    public InMemoryClientSessionStore(Clock clock) {
        this.catalog = new SessionCatalog(clock, state -> Journal.NONE);
    }

    @Override
    public StoredSession lastUsed(BrokerAddress broker, MqttVersion version) {
        return catalog.lastUsed(broker, version);
    }

    @Override
    public StoredSession forClientId(BrokerAddress broker, String clientId, MqttVersion version) {
        return catalog.forClientId(broker, clientId, version);
    }

    @Override
    public boolean hasAny(BrokerAddress broker) {
        return catalog.hasAny(broker);
    }

    @Override
    public StoredSession createNullSession(BrokerAddress broker, MqttVersion version) {
        return catalog.createNullSession(broker, version);
    }

    @Override
    public StoredSession restore(ClientSessionState state) {
        return catalog.restore(state);
    }

    @Override
    public List<ClientSessionState> sessions(BrokerAddress broker) {
        return catalog.sessions(broker);
    }

    @Override
    public boolean remove(BrokerAddress broker, String clientId) {
        return catalog.remove(broker, clientId);
    }

    /** Does nothing: the sessions stay for the next client in this JVM. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "InMemoryClientSessionStore";
    }
}
