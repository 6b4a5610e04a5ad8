package dev.roost.broker.core.session;

import dev.roost.broker.core.lane.Scheduler;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The broker's state for one client identifier, which may outlive many network connections (MQTT 4.1).
 *
 * <p>Owned by the lane of its client id: every method except {@link #isOnline()} and {@link #inflightCount()} must be
 * called on that lane. Those two are read by other lanes (shared subscription choice) and may be slightly stale.
 *
 * <p>A broker may hold many more offline sessions than connected ones, so what most sessions never use is allocated on
 * first use (the inbound QoS 2 ids, the log's collections), and an offline session's log holds references to stored
 * entries, not the entries ({@link OutboundLog}). Most sessions have one subscription: it is held as it is, and a map
 * only from the second on.
 */
public final class Session {
    // Valid for the session.
    private final String clientId;
    private final OutboundLog outbound = new OutboundLog();
    /** Null until the first QoS 2 PUBLISH from the client: most clients never send one. */
    private Set<Integer> inboundQos2;
    /** The subscription while there is exactly one, else null. */
    private SessionSubscription onlySubscription;
    /** The subscriptions by filter, in the order they were first made, while there are two or more; else null. */
    private LinkedHashMap<String, SessionSubscription> subscriptions;
    private MqttVersion version;
    /** Unsigned: a wire value up to 2^32 - 1, kept in an int to keep this object small. */
    private int expiryIntervalSeconds;
    private Will will;
    private Instant disconnectedAt;
    private Scheduler.Cancellable expiryTimer;
    private Scheduler.Cancellable willTimer;

    // Valid for the connection.
    private volatile ConnectionState connection;
    private volatile int inflightCount;

    public Session(String clientId, MqttVersion version, long expiryIntervalSeconds) {
        this.clientId = clientId;
        this.version = version;
        expiryIntervalSeconds(expiryIntervalSeconds);
    }

    public String clientId() { return clientId; }

    public MqttVersion version() { return version; }

    public OutboundLog outbound() { return outbound; }

    /**
     * Packet ids of QoS 2 PUBLISH packets received from the client and not yet released by PUBREL; allocated by the first
     * call.
     */
    public Set<Integer> inboundQos2() {
        if (inboundQos2 == null) {
            inboundQos2 = new HashSet<>();
        }
        return inboundQos2;
    }

    /** Forgets every inbound QoS 2 id, and the set that held them. */
    public void clearInboundQos2() { inboundQos2 = null; }

    public long expiryIntervalSeconds() { return Integer.toUnsignedLong(expiryIntervalSeconds); }

    /** @param seconds from 0 to 2^32 - 1 (which never expires) */
    public void expiryIntervalSeconds(long seconds) {
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("the session expiry interval must fit in 32 bits: " + seconds);
        }
        this.expiryIntervalSeconds = (int) seconds;
    }

    public Will will() { return will; }

    public void will(Will will) { this.will = will; }

    public boolean hasWill() { return will != null; }

    /** @return when the last connection was lost, or {@code null} while connected */
    public Instant disconnectedAt() { return disconnectedAt; }

    public ConnectionState connection() { return connection; }

    public boolean isOnline() { return connection != null; }

    public int inflightCount() { return inflightCount; }

    /** Call after every change to the outbound log's in-flight part. */
    public void refreshInflightCount() { inflightCount = outbound.inflightCount(); }

    /** The session's record as the store keeps it. */
    public SessionRecord toRecord() {
        return new SessionRecord(clientId, version, expiryIntervalSeconds(), disconnectedAt, will);
    }

    public void attach(ConnectionState newConnection, MqttVersion newVersion) {
        this.connection = newConnection;
        this.version = newVersion;
        this.disconnectedAt = null;
    }

    public void detach(Instant now) {
        this.connection = null;
        this.disconnectedAt = now;
    }

    /**
     * Adds {@code subscription}, or replaces the one with the same filter in its place [MQTT-3.8.4-3].
     */
    public void subscribe(SessionSubscription subscription) {
        String filter = subscription.subscription().filter();
        if (subscriptions != null) {
            subscriptions.put(filter, subscription);
        } else if (onlySubscription == null || filterOf(onlySubscription).equals(filter)) {
            onlySubscription = subscription;
        } else {
            subscriptions = new LinkedHashMap<>(4);
            subscriptions.put(filterOf(onlySubscription), onlySubscription);
            subscriptions.put(filter, subscription);
            onlySubscription = null;
        }
    }

    /** @return the removed subscription to exactly {@code filter}, or {@code null} if there was none */
    public SessionSubscription unsubscribe(String filter) {
        if (subscriptions != null) {
            SessionSubscription removed = subscriptions.remove(filter);
            if (subscriptions.size() == 1) {
                onlySubscription = subscriptions.values().iterator().next();
                subscriptions = null;
            }
            return removed;
        }
        if (onlySubscription != null && filterOf(onlySubscription).equals(filter)) {
            SessionSubscription removed = onlySubscription;
            onlySubscription = null;
            return removed;
        }
        return null;
    }

    /** @return the subscription to exactly {@code filter}, or {@code null} */
    public SessionSubscription subscription(String filter) {
        if (subscriptions != null) {
            return subscriptions.get(filter);
        }
        return onlySubscription != null && filterOf(onlySubscription).equals(filter) ? onlySubscription : null;
    }

    /** The subscriptions in the order they were first made: an unmodifiable view. */
    public Collection<SessionSubscription> subscriptions() {
        if (subscriptions != null) {
            return Collections.unmodifiableCollection(subscriptions.values());
        }
        return onlySubscription == null ? List.of() : List.of(onlySubscription);
    }

    public int subscriptionCount() {
        return subscriptions != null ? subscriptions.size() : onlySubscription == null ? 0 : 1;
    }

    public void clearSubscriptions() {
        onlySubscription = null;
        subscriptions = null;
    }

    private static String filterOf(SessionSubscription s) {
        return s.subscription().filter();
    }

    public void expiryTimer(Scheduler.Cancellable timer) {
        cancelExpiryTimer();
        this.expiryTimer = timer;
    }

    public void cancelExpiryTimer() {
        if (expiryTimer != null) {
            expiryTimer.cancel();
            expiryTimer = null;
        }
    }

    public void willTimer(Scheduler.Cancellable timer) {
        cancelWillTimer();
        this.willTimer = timer;
    }

    public void cancelWillTimer() {
        if (willTimer != null) {
            willTimer.cancel();
            willTimer = null;
        }
    }

    public boolean hasPendingWillTimer() { return willTimer != null; }
}
