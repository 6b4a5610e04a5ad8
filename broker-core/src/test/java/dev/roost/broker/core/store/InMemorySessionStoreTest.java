package dev.roost.broker.core.store;

import java.nio.file.Path;

/** The store contract on the heap engine; it keeps nothing past close, so it is not a {@link Durable} one. */
class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore open(Path dir) {
        return new InMemorySessionStore();
    }
}
