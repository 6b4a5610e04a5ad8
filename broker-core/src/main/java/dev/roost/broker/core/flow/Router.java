package dev.roost.broker.core.flow;

import dev.roost.broker.core.lane.Lanes;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.Delivery;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.store.SessionStore;
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
     * clears it [MQTT-3.3.1-5], [MQTT-3.3.1-6], [MQTT-3.3.1-7].
     *
     * @return how many sessions it was routed to
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
        for (Delivery d : deliveries) {
            boolean retainFlag = d.retainAsPublished() && message.retain();
            lanes.execute(d.clientId(), () -> outbound.deliver(d.clientId(), message, message.qos().min(d.qos()),
                    retainFlag, d.subscriptionIdentifiers()));
        }
        return deliveries.size();
    }
}
