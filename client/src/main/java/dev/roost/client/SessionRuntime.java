package dev.roost.client;

import dev.roost.client.session.SessionChange;
import dev.roost.client.session.SessionData;
import dev.roost.client.session.SessionStoreException;
import dev.roost.client.session.StoredSession;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The client's session while it is in use: the {@link StoredSession} that persists it and the client's own
 * {@link SessionData} that the flows read. Every change goes through {@link #apply}: to the store first, then to the
 * data. {@link Connection} syncs before every network flush: the wire never sees what the store does not hold, and
 * the changes made in one turn of the I/O thread share one sync. A sync is also scheduled after every change (so a
 * message queued offline or an assigned client id is durable soon), except after an exchange's completion: a lost
 * completion only makes the next run resend the message (QoS 1 allows the duplicate; QoS 2 resends just PUBREL), so it
 * rides along with the next sync instead of costing one of its own.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class SessionRuntime {
    private final StoredSession stored;
    private final SessionData data;
    private final Executor loop;
    private final Consumer<SessionStoreException> onStoreFailure;
    private boolean syncScheduled;
    private boolean dirty;

    SessionRuntime(StoredSession stored, Executor loop, Consumer<SessionStoreException> onStoreFailure) {
        this.stored = stored;
        this.data = new SessionData(stored.state());
        this.loop = loop;
        this.onStoreFailure = onStoreFailure;
    }

    /** Records a change and applies it to {@link #data()}. */
    void apply(SessionChange change) {
        stored.append(change);
        data.apply(change);
        dirty = true;
        if (!syncScheduled && change.kind() != SessionChange.Kind.OUTBOUND_COMPLETED) {
            syncScheduled = true;
            loop.execute(this::scheduledSync);
        }
    }

    /**
     * Makes every change so far durable.
     *
     * @return {@code false} when the store failed (already reported); nothing may then be sent
     */
    boolean syncNow() {
        if (!dirty) {
            return true;
        }
        try {
            stored.sync();
            dirty = false;
            return true;
        } catch (SessionStoreException e) {
            onStoreFailure.accept(e);
            return false;
        }
    }

    private void scheduledSync() {
        syncScheduled = false;
        syncNow();
    }

    SessionData data() {
        return data;
    }

    StoredSession stored() {
        return stored;
    }
}
