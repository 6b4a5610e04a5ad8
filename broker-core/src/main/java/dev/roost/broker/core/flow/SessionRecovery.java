package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.session.Sequences;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.SessionRegistry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoredLog;
import dev.roost.broker.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back what a store holds when the broker starts: sessions (offline), their subscriptions, logs and inbound
 * QoS 2 ids, retained messages, and the will and expiry timers, counted from the moment each session lost its
 * connection. A session that was connected when the broker stopped counts as disconnected at start-up; one whose expiry
 * passed while the broker was down ends at once, with its will.
 *
 * <p>Sessions are streamed from the store one at a time and keep only references to their log entries: no message is
 * read until it is sent. A long recovery logs its progress every {@value #PROGRESS_SECONDS} s.
 */
public final class SessionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SessionRecovery.class);
    private static final long PROGRESS_SECONDS = 2;

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
        Loading loading = new Loading(clock, started);
        store.loadSessions(loading);
        // Sessions whose will or end is due now write to the store: done after the load, which must not be re-entered.
        for (Due d : loading.due) {
            lifecycle.scheduleTimers(d.session(), d.willDelay(), d.expiry());
        }
        int retainedCount = 0;
        for (ApplicationMessage m : store.loadRetained()) {
            retained.put(m.topic(), m);
            retainedCount++;
        }
        Summary summary = new Summary(loading.sessions, loading.messages, retainedCount,
                Duration.between(started, clock.instant()));
        if (loading.sessions > 0 || retainedCount > 0) {
            log.info("Recovered {} sessions, {} queued or in-flight messages and {} retained messages in {} ms",
                    loading.sessions, loading.messages, retainedCount, summary.took().toMillis());
        }
        return summary;
    }

    /** A session whose will or expiry is due at start-up. */
    private record Due(Session session, long willDelay, long expiry) {
    }

    /** Takes each stored session as the store streams it, counting and logging progress. */
    private final class Loading implements Consumer<StoredSession> {
        private final Clock clock;
        private final Instant started;
        private final List<Due> due = new ArrayList<>();
        private Instant lastReport;
        private int sessions;
        private int messages;

        Loading(Clock clock, Instant started) {
            this.clock = clock;
            this.started = started;
            this.lastReport = started;
        }

        @Override
        public void accept(StoredSession stored) {
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
            // Safe off the lane: no connection can reach these sessions before the broker's constructor returns.
            if (expiry == 0 || (record.will() != null && willDelay == 0)) {
                due.add(new Due(session, willDelay, expiry));
            } else {
                lifecycle.scheduleTimers(session, willDelay, expiry);
            }
            Instant now = clock.instant();
            if (Duration.between(lastReport, now).toSeconds() >= PROGRESS_SECONDS) {
                lastReport = now;
                log.info("Recovering sessions: {} sessions and {} queued or in-flight messages so far, {} s", sessions,
                        messages, Duration.between(started, now).toSeconds());
            }
        }
    }

    private Session restore(StoredSession stored, Instant now) {
        SessionRecord record = stored.record();
        Session session = new Session(record.clientId(), record.version(), record.expiryIntervalSeconds());
        session.will(record.will());
        session.detach(record.disconnectedAt() == null ? now : record.disconnectedAt());
        for (SessionSubscription s : stored.subscriptions()) {
            session.subscribe(s);
            tree.subscribe(record.clientId(), s.subscription(), s.subscriptionIdentifier());
        }
        StoredLog entries = stored.log();
        session.outbound().addSpilled(entries);
        sequences.advancePast(entries.maxSequence());
        if (!stored.inboundQos2().isEmpty()) {
            session.inboundQos2().addAll(stored.inboundQos2());
        }
        registry.put(session);
        return session;
    }
}
