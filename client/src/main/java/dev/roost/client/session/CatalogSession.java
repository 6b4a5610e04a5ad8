package dev.roost.client.session;

import java.util.Objects;

/**
 * A session of a {@link SessionCatalog}: its live {@link SessionData} and the {@link Journal} that persists it.
 * The data is changed under the catalog's lock, so store-wide queries see consistent values; journal writes happen
 * outside it, on the owning client's thread.
 */
final class CatalogSession implements StoredSession {
    private final SessionCatalog catalog;
    private final SessionData data;
    private final Journal journal;
    private final long creationOrder;

    CatalogSession(SessionCatalog catalog, SessionData data, Journal journal, long creationOrder) {
        this.catalog = catalog;
        this.data = data;
        this.journal = journal;
        this.creationOrder = creationOrder;
    }

    @Override
    public ClientSessionState state() {
        synchronized (catalog) {
            return data.snapshot();
        }
    }

    @Override
    public void append(SessionChange change) {
        Objects.requireNonNull(change, "change");
        synchronized (catalog) {
            catalog.requireOpen();
            if (change instanceof SessionChange.ClientIdAssigned assigned) {
                catalog.rekey(this, assigned.clientId());
            }
            data.apply(change);
        }
        journal.append(change);
    }

    @Override
    public void sync() {
        journal.sync(this::state);
    }

    SessionData data() {
        return data;
    }

    Journal journal() {
        return journal;
    }

    long creationOrder() {
        return creationOrder;
    }

    @Override
    public String toString() {
        return "StoredSession[" + data.broker() + ", clientId=" + data.clientId() + "]";
    }
}
