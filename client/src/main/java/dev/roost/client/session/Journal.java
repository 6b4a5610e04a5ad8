package dev.roost.client.session;

import java.util.function.Supplier;

/**
 * How a store engine persists one session: the only thing {@link FileClientSessionStore} and
 * {@link InMemoryClientSessionStore} do differently. Called by {@link SessionCatalog} under the same threading rules
 * as {@link StoredSession}: one thread at a time per journal.
 */
interface Journal {

    /** Nothing is persisted: the in-memory store's journal. */
    Journal NONE = new Journal() {
        @Override
        public void append(SessionChange change) {
        }

        @Override
        public void sync(Supplier<ClientSessionState> snapshot) {
        }

        @Override
        public void delete() {
        }

        @Override
        public void close() {
        }
    };

    /** Records a change; may buffer it until {@link #sync}. */
    void append(SessionChange change);

    /** Makes every appended change durable; may compact, taking the current state from {@code snapshot}. */
    void sync(Supplier<ClientSessionState> snapshot);

    /** Removes the session's data for good. */
    void delete();

    /** Releases resources; unsynced changes may be lost. */
    void close();
}
