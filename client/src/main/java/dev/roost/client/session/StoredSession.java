package dev.roost.client.session;

/**
 * One session in a {@link ClientSessionStore}: the handle through which a client records each change of its session
 * state. Part of the store SPI.
 *
 * <p><b>Durability contract.</b> {@link #append} records a change; it may be buffered. {@link #sync} returns only when
 * every change appended before it is durable (for a file store: on disk, fsynced). A client appends the change that
 * describes what it is about to send, and calls {@code sync()} before the bytes leave for the network; so a store can
 * group the cost of many changes into one sync. Changes are applied in the order appended.
 *
 * <p><b>Threading.</b> A session is used by one client at a time, and that client calls {@link #append} and
 * {@link #sync} from one thread at a time. {@link #state()} may be called from any thread. Store-wide operations
 * ({@link ClientSessionStore}) may run concurrently with them.
 *
 * <p>Failures to persist throw {@link SessionStoreException}; after one, the session's durable state is whatever
 * the last successful {@code sync()} covered, and the client must stop sending.
 */
public interface StoredSession {

    /** @return the state as of the last {@link #append}; an immutable copy */
    ClientSessionState state();

    /**
     * Records a change. A {@link SessionChange.ClientIdAssigned} also moves the session under its new client id in
     * the store: another session of the same broker with that id is removed.
     *
     * @throws IllegalStateException when the change does not fit the state (see {@link SessionData#apply})
     * @throws SessionStoreException when it cannot be recorded
     */
    void append(SessionChange change);

    /**
     * Makes every change appended so far durable.
     *
     * @throws SessionStoreException when it cannot
     */
    void sync();
}
