package dev.roost.broker.core.session;

import dev.roost.broker.core.lane.Scheduler;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The broker's state for one client identifier, which may outlive many network connections (MQTT 4.1).
 *
 * <p>Owned by the lane of its client id: every method except {@link #isOnline()} and {@link #inflightCount()} must be
 * called on that lane. Those two are read by other lanes (shared subscription choice) and may be slightly stale.
 *
 * <p>A broker may hold many more offline sessions than connected ones, so what most sessions never use is allocated on
 * first use (the inbound QoS 2 ids, the log's collections), and an offline session's log holds references to stored
 * entries, not the entries ({@link OutboundLog}).
 */
public final class Session {
    // Valid for the session.
    private final String clientId;
    private final OutboundLog outbound = new OutboundLog();
    /** Null until the first QoS 2 PUBLISH from the client: most clients never send one. */
    private Set<Integer> inboundQos2;
    private final Map<String, SessionSubscription> subscriptions = new LinkedHashMap<>(2);
    private MqttVersion version;
    private long expiryIntervalSeconds;
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
        this.expiryIntervalSeconds = expiryIntervalSeconds;
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

    public long expiryIntervalSeconds() { return expiryIntervalSeconds; }

    public void expiryIntervalSeconds(long seconds) { this.expiryIntervalSeconds = seconds; }

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
        return new SessionRecord(clientId, version, expiryIntervalSeconds, disconnectedAt, will);
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

    public Map<String, SessionSubscription> subscriptions() { return subscriptions; }

    public Collection<SessionSubscription> subscriptionList() { return subscriptions.values(); }

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
