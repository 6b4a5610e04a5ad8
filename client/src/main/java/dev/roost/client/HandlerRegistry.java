package dev.roost.client;

import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.topic.SharedFilter;
import dev.roost.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message handlers the application registered, one per topic filter, with the subscription options to use when
 * the filter must be subscribed again (Session Present 0). Registrations belong to the client object, not to the
 * session: a new client after a restart starts with none until the application registers them again.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class HandlerRegistry {
    /** A handler and the subscription it was registered with. */
    record Registration(Subscription subscription, MessageHandler handler) {
    }

    private final Map<String, Registration> byFilter = new LinkedHashMap<>();

    /** Registers (or replaces) the handler of {@code subscription.filter()}. */
    void register(Subscription subscription, MessageHandler handler) {
        byFilter.put(subscription.filter(), new Registration(subscription, handler));
    }

    void remove(String filter) {
        byFilter.remove(filter);
    }

    /** @return the handlers whose filter matches {@code topic}, in registration order */
    List<MessageHandler> matching(String topic) {
        List<MessageHandler> found = new ArrayList<>(1);
        for (Registration r : byFilter.values()) {
            if (matches(r.subscription().filter(), topic)) {
                found.add(r.handler());
            }
        }
        return found;
    }

    /** @return the subscriptions of every registered handler, in registration order */
    List<Subscription> subscriptions() {
        return byFilter.values().stream().map(Registration::subscription).toList();
    }

    /** @return whether any of {@code filters} matches {@code topic} */
    static boolean anyMatches(Collection<String> filters, String topic) {
        for (String filter : filters) {
            if (matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    /** Topic matching that understands shared subscriptions: {@code $share/group/f} matches what {@code f} does. */
    static boolean matches(String filter, String topic) {
        SharedFilter shared = filter.startsWith(SharedFilter.PREFIX) ? SharedFilter.parse(filter) : null;
        return Topics.matches(shared != null ? shared.filter() : filter, topic);
    }
}
