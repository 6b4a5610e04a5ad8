package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.lane.LaneTimers;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.SessionRegistry;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoreException;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, resuming, detaching and ending sessions, with their two timers: the will delay and the session expiry
 * (3.1.2.5, 3.1.2.11.2, 4.1). Runs on the lane of the session's client id.
 */
public final class SessionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

    private final BrokerSettings settings;
    private final SessionRegistry registry;
    private final SubscriptionTree tree;
    private final LaneTimers timers;
    private final WillPublisher wills;
    private final SessionStore store;

    public SessionLifecycle(BrokerSettings settings, SessionRegistry registry, SubscriptionTree tree,
                            LaneTimers timers, WillPublisher wills, SessionStore store) {
        this.settings = settings;
        this.registry = registry;
        this.tree = tree;
        this.timers = timers;
        this.wills = wills;
        this.store = store;
    }

    /**
     * Attaches a new connection to the session of {@code clientId}: with Clean Start the old session ends and a new one
     * begins [MQTT-3.1.2-4]; without it an existing session is resumed [MQTT-3.1.2-5] and its pending will and expiry
     * are cancelled. The caller has already taken over any connection still attached.
     *
     * @return whether an existing session was resumed (CONNACK Session Present)
     */
    public boolean open(String clientId, MqttVersion version, boolean cleanStart, long expirySeconds, Will will,
                        ConnectionState connection) {
        Session session = registry.get(clientId);
        boolean present = session != null && !cleanStart;
        if (session != null && cleanStart) {
            end(session);
        }
        if (!present) {
            session = new Session(clientId, version, expirySeconds);
            registry.put(session);
        }
        session.cancelExpiryTimer();
        session.cancelWillTimer();
        session.expiryIntervalSeconds(expirySeconds);
        session.will(will);
        session.attach(connection, version);
        store.saveSession(session.toRecord());
        return present;
    }

    /**
     * The connection {@code connection} of {@code session} is gone. Unless {@code publishWill} is false (a normal
     * DISCONNECT [MQTT-3.1.2-10]), the will is published after its delay or when the session ends, whichever is first;
     * a session with expiry 0 ends now. A session that stays leaves its log in the store: it keeps only references to
     * its entries, queued and in flight, until a connection resumes it. Does nothing if another connection owns the
     * session by now.
     */
    public void connectionLost(Session session, ConnectionState connection, boolean publishWill) {
        if (session.connection() != connection) {
            return;
        }
        session.detach(timers.now());
        if (!publishWill) {
            session.will(null);
        }
        if (session.expiryIntervalSeconds() != 0) {
            session.outbound().detach();
            session.refreshInflightCount();
            saveDetached(session); // a session that ends now is deleted below instead
        }
        scheduleTimers(session, session.will() == null ? 0 : session.will().delayIntervalSeconds(),
                session.expiryIntervalSeconds());
    }

    /**
     * Records the detached session's disconnect time and will. The session is detached in memory whatever the store
     * says: a failing store must not leave a dead connection owning the session. The failure is logged; the stored
     * record keeps its previous state, which a restart treats as a connection lost at start-up.
     */
    private void saveDetached(Session session) {
        try {
            store.saveSession(session.toRecord());
        } catch (StoreException e) {
            log.warn("{}: could not record the lost connection: {}", session.clientId(), e.getMessage());
        }
    }

    /**
     * Starts the will and expiry timers of a detached session, {@code willDelay} and {@code expiry} seconds from now;
     * acts at once on what is already due. Also used at start-up for sessions loaded from the store.
     */
    public void scheduleTimers(Session session, long willDelay, long expiry) {
        Will will = session.will();
        if (will != null) {
            long delay = Math.min(willDelay, expiry);
            if (delay == 0) {
                publishWill(session);
                if (expiry != 0) {
                    saveDetached(session);
                }
            } else {
                session.willTimer(timers.schedule(Duration.ofSeconds(delay), new SessionTimer(session, true)));
            }
        }
        if (expiry == 0) {
            end(session);
        } else if (expiry != BrokerSettings.NEVER_EXPIRES) {
            session.expiryTimer(timers.schedule(Duration.ofSeconds(expiry), new SessionTimer(session, false)));
        }
    }

    /**
     * The will-delay or expiry timer of a detached session: it publishes the will or ends the session unless a
     * connection resumed it or it ended meanwhile. One small object a timer (the enclosing lifecycle, the session, the
     * kind), as every offline session holds one for as long as it is offline.
     */
    private final class SessionTimer extends LaneTimers.LaneTask {
        private final Session session;
        private final boolean will;

        SessionTimer(Session session, boolean will) {
            this.session = session;
            this.will = will;
        }

        @Override
        protected LaneTimers timers() {
            return timers;
        }

        @Override
        protected String clientId() {
            return session.clientId();
        }

        @Override
        protected void runOnLane() {
            if (session.isOnline() || registry.get(session.clientId()) != session) {
                return;
            }
            if (will) {
                publishWill(session);
                saveDetached(session);
            } else {
                end(session);
            }
        }
    }

    /** Ends the session: its pending will is published, its subscriptions, log and inbound state removed. */
    public void end(Session session) {
        if (session.hasWill() && !session.isOnline()) {
            publishWill(session);
        }
        session.cancelExpiryTimer();
        session.cancelWillTimer();
        tree.removeAll(session.clientId());
        session.clearSubscriptions();
        session.outbound().clear();
        session.clearInboundQos2();
        session.refreshInflightCount();
        registry.remove(session);
        store.deleteSession(session.clientId());
    }

    /** The expiry a connection asks for, capped by the broker's maximum; 3.1.1 uses the broker-wide setting. */
    public long effectiveExpiry(MqttVersion version, boolean cleanStart, long requestedSeconds) {
        if (!version.isV5()) {
            return cleanStart ? 0 : settings.v3SessionExpirySeconds();
        }
        return Math.min(requestedSeconds, settings.maxSessionExpirySeconds());
    }

    /** A 5.0 DISCONNECT changed the Session Expiry Interval. */
    public void changeExpiry(Session session, long requestedSeconds) {
        session.expiryIntervalSeconds(effectiveExpiry(session.version(), false, requestedSeconds));
        store.saveSession(session.toRecord());
    }

    /** Publishes and forgets the pending will; the caller records the session (or deletes it) afterwards. */
    private void publishWill(Session session) {
        Will will = session.will();
        session.will(null);
        session.cancelWillTimer();
        if (will != null) {
            wills.publish(session.clientId(), will);
        }
    }
}
