package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.Sequences;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.SessionRegistry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back what a store holds when the broker starts: sessions (offline), their subscriptions, logs and inbound
 * QoS 2 ids, retained messages, and the will and expiry timers, counted from the moment each session lost its
 * connection. A session that was connected when the broker stopped counts as disconnected at start-up; one whose expiry
 * passed while the broker was down ends at once, with its will.
 */
public final class SessionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);

    /** What was recovered, for the start-up log. */
    public record Summary(int sessions, int messages, int retained, Duration took) {
    }

    private final SessionRegistry registry;
    private final SubscriptionTree tree;
    private final RetainedMessages<ApplicationMessage> retained;
    private final SessionLifecycle lifecycle;
    private final Sequences sequences;

    public SessionRecovery(SessionRegistry registry, SubscriptionTree tree,
                           RetainedMessages<ApplicationMessage> retained, SessionLifecycle lifecycle,
                           Sequences sequences) {
        this.registry = registry;
        this.tree = tree;
        this.retained = retained;
        this.lifecycle = lifecycle;
        this.sequences = sequences;
    }

    public Summary recover(SessionStore store, Clock clock) {
        Instant started = clock.instant();
        int messages = 0;
        int sessions = 0;
        for (StoredSession stored : store.loadSessions()) {
            Session session = restore(stored, started);
            messages += stored.log().size();
            sessions++;
            SessionRecord record = stored.record();
            Instant lostAt = record.disconnectedAt() == null ? started : record.disconnectedAt();
            long elapsed = Math.max(0, Duration.between(lostAt, started).toSeconds());
            long willDelay = record.will() == null ? 0 : Math.max(0, record.will().delayIntervalSeconds() - elapsed);
            long expiry = record.expiryIntervalSeconds() == BrokerSettings.NEVER_EXPIRES
                    ? BrokerSettings.NEVER_EXPIRES
                    : Math.max(0, record.expiryIntervalSeconds() - elapsed);
            // Safe off the lane: no connection can reach these sessions before the constructor returns.
            lifecycle.scheduleTimers(session, willDelay, expiry);
        }
        int retainedCount = 0;
        for (ApplicationMessage m : store.loadRetained()) {
            retained.put(m.topic(), m);
            retainedCount++;
        }
        Summary summary = new Summary(sessions, messages, retainedCount,
                Duration.between(started, clock.instant()));
        if (sessions > 0 || retainedCount > 0) {
            log.info("Recovered {} sessions, {} queued or in-flight messages and {} retained messages in {} ms",
                    sessions, messages, retainedCount, summary.took().toMillis());
        }
        return summary;
    }

    private Session restore(StoredSession stored, Instant now) {
        SessionRecord record = stored.record();
        Session session = new Session(record.clientId(), record.version(), record.expiryIntervalSeconds());
        session.will(record.will());
        session.detach(record.disconnectedAt() == null ? now : record.disconnectedAt());
        for (SessionSubscription s : stored.subscriptions()) {
            session.subscriptions().put(s.subscription().filter(), s);
            tree.subscribe(record.clientId(), s.subscription(), s.subscriptionIdentifier());
        }
        for (OutboundEntry e : stored.log()) {
            sequences.advancePast(e.sequence());
            if (e.state() == OutboundEntry.State.QUEUED) {
                session.outbound().restoreQueued(e);
            } else {
                session.outbound().restoreInflight(e);
            }
        }
        session.inboundQos2().addAll(stored.inboundQos2());
        session.refreshInflightCount();
        registry.put(session);
        return session;
    }
}
