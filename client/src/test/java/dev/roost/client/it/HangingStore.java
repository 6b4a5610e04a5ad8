package dev.roost.client.it;

import dev.roost.client.session.BrokerAddress;
import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.SessionChange;
import dev.roost.client.session.StoredSession;
import dev.roost.protocol.MqttVersion;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A store that wraps a real one and, once a chosen change has been appended, lets the next sync complete (the change
 * is durable) and then stops the calling thread for good: the client's I/O thread stops exactly between storing and
 * sending, for a crash test to kill the process there. Thread-safe as the wrapped store.
 */
final class HangingStore implements ClientSessionStore {
    private final ClientSessionStore delegate;
    private final Predicate<SessionChange> trigger;
    private final Runnable onStored;

    HangingStore(ClientSessionStore delegate, Predicate<SessionChange> trigger, Runnable onStored) {
        this.delegate = delegate;
        this.trigger = trigger;
        this.onStored = onStored;
    }

    private StoredSession wrap(StoredSession session) {
        return new StoredSession() {
            private boolean armed;

            @Override
            public ClientSessionState state() {
                return session.state();
            }

            @Override
            public void append(SessionChange change) {
                session.append(change);
                armed |= trigger.test(change);
            }

            @Override
            public void sync() {
                session.sync();
                if (armed) {
                    onStored.run();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while hanging on purpose", e);
                    }
                }
            }
        };
    }

    @Override
    public StoredSession lastUsed(BrokerAddress broker, MqttVersion version) {
        return wrap(delegate.lastUsed(broker, version));
    }

    @Override
    public StoredSession forClientId(BrokerAddress broker, String clientId, MqttVersion version) {
        return wrap(delegate.forClientId(broker, clientId, version));
    }

    @Override
    public boolean hasAny(BrokerAddress broker) {
        return delegate.hasAny(broker);
    }

    @Override
    public StoredSession createNullSession(BrokerAddress broker, MqttVersion version) {
        return wrap(delegate.createNullSession(broker, version));
    }

    @Override
    public StoredSession restore(ClientSessionState state) {
        return wrap(delegate.restore(state));
    }

    @Override
    public List<ClientSessionState> sessions(BrokerAddress broker) {
        return delegate.sessions(broker);
    }

    @Override
    public boolean remove(BrokerAddress broker, String clientId) {
        return delegate.remove(broker, clientId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
