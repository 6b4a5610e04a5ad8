package dev.roost.broker.core.flow;

import dev.roost.broker.core.lane.Lanes;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.Delivery;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.Qos;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a published message to every matching session: updates the retained store, matches the subscription tree,
 * and hands one delivery to each subscriber's lane. Deliveries from one publisher reach a subscriber in publish order
 * because lanes run work in the order it was handed over.
 *
 * <p>Thread-safe; called on the publisher's lane.
 */
public final class Router {
    private final SubscriptionTree subscriptions;
    private final RetainedMessages<ApplicationMessage> retained;
    private final Lanes lanes;
    private final OutboundFlow outbound;
    private final SessionStore store;

    public Router(SubscriptionTree subscriptions, RetainedMessages<ApplicationMessage> retained, Lanes lanes,
                  OutboundFlow outbound, SessionStore store) {
        this.subscriptions = subscriptions;
        this.retained = retained;
        this.lanes = lanes;
        this.outbound = outbound;
        this.store = store;
    }

    /**
     * Publishes {@code message}: a retained one replaces the topic's retained message, and an empty retained payload
     * clears it [MQTT-3.3.1-5], [MQTT-3.3.1-6], [MQTT-3.3.1-7]. Every QoS 1/2 entry for a matching session is written
     * to the store in one fan-out write before this method returns, so the caller may acknowledge the message as soon
     * as it returns; then each subscriber's lane takes its entry and sends it.
     *
     * @return how many sessions it was routed to
     * @throws dev.roost.broker.core.store.StoreException when the store could not take the message: nothing of it
     *     was delivered, and it must not be acknowledged
     */
    public int publish(ApplicationMessage message) {
        if (message.retain()) {
            if (message.payload().length == 0) {
                store.deleteRetained(message.topic());
                retained.remove(message.topic());
            } else {
                store.saveRetained(message);
                retained.put(message.topic(), message);
            }
        }
        List<Delivery> deliveries = subscriptions.match(message.topic(), message.publisherClientId());
        if (deliveries.isEmpty()) {
            return 0;
        }
        List<SessionEntry> stored = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            Qos qos = message.qos().min(d.qos());
            if (qos != Qos.AT_MOST_ONCE) {
                boolean retainFlag = d.retainAsPublished() && message.retain();
                stored.add(new SessionEntry(d.clientId(),
                        outbound.newEntry(message, qos, retainFlag, d.subscriptionIdentifiers())));
            }
        }
        if (!stored.isEmpty()) {
            store.appendFanOut(stored);
        }
        for (SessionEntry e : stored) {
            lanes.execute(e.clientId(), () -> outbound.acceptStored(e.clientId(), e.entry()));
        }
        for (Delivery d : deliveries) {
            if (message.qos().min(d.qos()) == Qos.AT_MOST_ONCE) {
                boolean retainFlag = d.retainAsPublished() && message.retain();
                lanes.execute(d.clientId(), () -> outbound.deliverQos0(d.clientId(), message, retainFlag,
                        d.subscriptionIdentifiers()));
            }
        }
        return deliveries.size();
    }
}
