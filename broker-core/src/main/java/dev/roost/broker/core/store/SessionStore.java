package dev.roost.broker.core.store;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the broker keeps session state and retained messages so that they outlive a connection and, for a durable
 * engine, the process. Every item of a session is here: the record (existence, version, expiry, disconnect time,
 * will), subscriptions with their options and identifiers, the ordered outbound log with each entry's state, and the
 * inbound QoS 2 packet ids awaiting PUBREL.
 *
 * <p>Threading: the session-scoped methods for one client id are only called from the lane that owns that id, so
 * calls for one session never overlap and arrive in order; calls for different sessions may run concurrently.
 * Retained-message methods may be called from any lane.
 *
 * <p>Durability: a write method returns once its change is applied, visible to every later read, but not necessarily
 * durable; {@link #sync()} makes every write that returned before it durable under the store's policy. A lane calls
 * it once after each batch of work and sends the batch's acknowledgements only after it returned (group commit: one
 * fsync for the whole batch), so no acknowledgement leaves before the write it acknowledges is durable. A method that
 * cannot apply its change (a full disk, an I/O error) throws {@link StoreException} and stores nothing of it, so the
 * broker refuses instead of acknowledging.
 *
 * <p>A durable engine may let a write that no acknowledgement waits for ride along with the next fsync instead of
 * asking {@link #sync()} for one: removing an acknowledged entry, and moving a QoS 0/1 entry from QUEUED to SENT. It may
 * even hold such a write back, visible only to the calling lane (whose reads see it), until that lane's next
 * {@link #sync()}, which then throws if it cannot write it. A
 * power loss can then bring back only an entry that was already delivered, which QoS 1 allows to arrive twice. Writes
 * that an acknowledgement waits for, and every QoS 2 state change, are never relaxed.
 *
 * <p>Values handed in are immutable and may be kept by reference.
 */
public interface SessionStore extends AutoCloseable {

    /** Creates or replaces the session's record. */
    void saveSession(SessionRecord record);

    /** Removes the session and everything it holds: subscriptions, log and inbound QoS 2 ids. */
    void deleteSession(String clientId);

    /** Creates or replaces the subscription with this filter. */
    void saveSubscription(String clientId, SessionSubscription subscription);

    void deleteSubscription(String clientId, String filter);

    /** Appends a new entry to the end of the session's log (entries are ordered by sequence). */
    void appendOutbound(String clientId, OutboundEntry entry);

    /**
     * Appends one entry to each of several sessions' logs as one atomic write: all or none survive a crash. Every entry
     * refers to the same message, which a durable engine stores once however many sessions it goes to.
     *
     * <p>Unlike the other session-scoped methods this one is called from the publisher's lane, so it may run
     * concurrently with calls for the same sessions from their own lanes; sequences never collide (they are unique per
     * session whichever lane assigned them).
     */
    void appendFanOut(List<SessionEntry> entries);

    /** Replaces the entry with the same sequence (a state change: QUEUED → SENT → PUBREL_SENT). */
    void updateOutbound(String clientId, OutboundEntry entry);

    /** Removes the entry with this sequence (acknowledged, expired or dropped). */
    void deleteOutbound(String clientId, long sequence);

    void saveInboundQos2(String clientId, int packetId);

    void deleteInboundQos2(String clientId, int packetId);

    void saveRetained(ApplicationMessage message);

    void deleteRetained(String topic);

    /**
     * Makes every write that returned before this call durable under the store's policy (for a durable engine with a
     * sync policy: one fsync, shared with concurrent callers, or none when nothing is pending). Called by each lane
     * after a batch of work, before the batch's packets are sent.
     *
     * @throws StoreException when the writes could not be made durable: nothing that depends on them may be sent
     */
    void sync();

    /**
     * Hands every stored session to {@code sink}, one at a time, for start-up: its record, subscriptions, inbound QoS 2
     * ids and references to its log entries, never their messages ({@link #loadOutbound} reads those when they are
     * sent), so a store of any size loads in bounded memory. The sink runs on the calling thread, in no particular order
     * of sessions, and must not call this store.
     */
    void loadSessions(Consumer<StoredSession> sink);

    /**
     * The entries of the session's log with these sequences, in the order asked, with their messages; sequences that
     * are no longer stored (acknowledged, dropped, or never written) are left out. Called from the session's lane to
     * page in the part of its log it is about to send.
     *
     * @throws StoreException when the entries cannot be read
     */
    List<OutboundEntry> loadOutbound(String clientId, long[] sequences);

    /** Every stored retained message, for start-up. */
    List<ApplicationMessage> loadRetained();

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
