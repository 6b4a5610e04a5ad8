package dev.roost.client.session;

/** The store contract on the in-memory store: "reopening" keeps the same instance, as a JVM would. */
class InMemoryClientSessionStoreTest extends ClientSessionStoreContract {
    @Override
    protected ClientSessionStore open() {
        return new InMemoryClientSessionStore(clock);
    }

    @Override
    protected ClientSessionStore reopen(ClientSessionStore current) {
        current.close();
        return current;
    }
}
