package dev.roost.broker.core.flow;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ReasonProperties;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.UnsubAck;
import dev.roost.protocol.packet.Unsubscribe;
import dev.roost.protocol.topic.SharedFilter;
import dev.roost.protocol.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE (3.8, 3.10): validation per filter, the SUBACK, then the retained messages each new
 * subscription asks for (retain handling 0/1/2) — sent after the SUBACK and with RETAIN=1 [MQTT-3.3.1-8].
 *
 * <p>Runs on the subscriber's lane.
 */
public final class SubscribeFlow {
    private final BrokerSettings settings;
    private final Clock clock;
    private final SubscriptionTree tree;
    private final RetainedMessages<ApplicationMessage> retained;
    private final OutboundFlow outbound;
    private final SessionStore store;

    public SubscribeFlow(BrokerSettings settings, Clock clock, SubscriptionTree tree,
                         RetainedMessages<ApplicationMessage> retained, OutboundFlow outbound, SessionStore store) {
        this.settings = settings;
        this.clock = clock;
        this.tree = tree;
        this.retained = retained;
        this.outbound = outbound;
        this.store = store;
    }

    public void onSubscribe(Session session, ConnectionState connection, Subscribe subscribe) {
        boolean v5 = connection.version().isV5();
        int subscriptionId = subscribe.subscriptionIdentifier();
        List<ReasonCode> codes = new ArrayList<>();
        List<Subscription> wantRetained = new ArrayList<>();
        for (Subscription s : subscribe.subscriptions()) {
            ReasonCode refusal = refusal(s, subscriptionId, v5);
            if (refusal != null) {
                codes.add(refusal);
                continue;
            }
            SessionSubscription kept = new SessionSubscription(s, subscriptionId);
            store.saveSubscription(session.clientId(), kept);
            boolean isNew = tree.subscribe(session.clientId(), s, subscriptionId);
            session.subscribe(kept);
            codes.add(ReasonCode.grantedQos(s.qos()));
            boolean shared = SharedFilter.parse(s.filter()) != null;
            if (!shared && (s.retainHandling() == 0 || (s.retainHandling() == 1 && isNew))) {
                wantRetained.add(s);
            }
        }
        connection.connection().send(new SubAck(subscribe.packetId(), codes, ReasonProperties.NONE));
        sendRetained(session, wantRetained, subscriptionId);
    }

    public void onUnsubscribe(Session session, ConnectionState connection, Unsubscribe unsubscribe) {
        List<ReasonCode> codes = new ArrayList<>();
        for (String filter : unsubscribe.filters()) {
            boolean existed = tree.unsubscribe(session.clientId(), filter);
            if (session.unsubscribe(filter) != null) {
                store.deleteSubscription(session.clientId(), filter);
            }
            codes.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        connection.connection().send(new UnsubAck(unsubscribe.packetId(), codes, ReasonProperties.NONE));
    }

    /** @return the SUBACK failure code for {@code s}, or {@code null} if it can be granted */
    private ReasonCode refusal(Subscription s, int subscriptionId, boolean v5) {
        String filter = s.filter();
        SharedFilter shared;
        try {
            shared = SharedFilter.parse(filter);
            Topics.validateTopicFilter(shared == null ? filter : shared.filter());
        } catch (ProtocolViolation invalid) {
            return v5 ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.UNSPECIFIED_ERROR;
        }
        if (shared != null && s.noLocal()) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.8.3-4",
                    "No Local on a shared subscription");
        }
        if (!v5) {
            return null;
        }
        if (shared != null && !settings.sharedSubscriptionAvailable()) {
            return ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
        }
        if (subscriptionId != 0 && !settings.subscriptionIdentifiersAvailable()) {
            return ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
        }
        String plain = shared == null ? filter : shared.filter();
        if (!settings.wildcardSubscriptionAvailable() && (plain.contains("+") || plain.contains("#"))) {
            return ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
        }
        return null;
    }

    private void sendRetained(Session session, List<Subscription> subscriptions, int subscriptionId) {
        if (subscriptions.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Integer> ids = subscriptionId == 0 ? List.of() : List.of(subscriptionId);
        for (Subscription s : subscriptions) {
            for (ApplicationMessage m : retained.match(s.filter())) {
                if (m.isExpired(now)) {
                    retained.remove(m.topic());
                    continue;
                }
                outbound.deliver(session, m, m.qos().min(s.qos()), true, ids);
            }
        }
    }
}
