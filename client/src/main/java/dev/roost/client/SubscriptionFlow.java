package dev.roost.client;

import dev.roost.client.session.SessionChange;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.SubAck;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.UnsubAck;
import dev.roost.protocol.packet.Unsubscribe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE and UNSUBSCRIBE with their acknowledgements. Requests made while offline wait, and requests whose
 * acknowledgement a lost connection cut off are sent again on the next one, in their original order. The session
 * records a subscription when the server grants it (SUBACK) and forgets it on UNSUBACK.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class SubscriptionFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionFlow.class);

    private sealed interface Pending permits PendingSubscribe, PendingUnsubscribe {
        void fail(Throwable cause);
    }

    private record PendingSubscribe(List<Subscription> subscriptions, CompletableFuture<SubscribeResult> future)
            implements Pending {
        @Override
        public void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    private record PendingUnsubscribe(List<String> filters, CompletableFuture<UnsubscribeResult> future)
            implements Pending {
        @Override
        public void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Map<Integer, Pending> sent = new LinkedHashMap<>();
    private SessionRuntime session;
    private PacketIds ids;
    private Connection connection;

    /**
     * Starts working on a session. Requests sent under the previous session's ids go back to the queue: their
     * acknowledgements, if they come, are ignored, and the requests are sent again.
     */
    void attach(SessionRuntime newSession, PacketIds packetIds) {
        List<Pending> unanswered = new ArrayList<>(sent.values());
        sent.clear();
        for (int i = unanswered.size() - 1; i >= 0; i--) {
            waiting.addFirst(unanswered.get(i));
        }
        session = newSession;
        ids = packetIds;
    }

    void subscribe(List<Subscription> subscriptions, CompletableFuture<SubscribeResult> future) {
        waiting.add(new PendingSubscribe(subscriptions, future));
        sendWaiting();
    }

    void unsubscribe(List<String> filters, CompletableFuture<UnsubscribeResult> future) {
        waiting.add(new PendingUnsubscribe(filters, future));
        sendWaiting();
    }

    /**
     * A CONNACK accepted {@code accepted}. {@code resubscribe} are the handlers' subscriptions to make again
     * (Session Present 0), sent first; those already waiting to be subscribed are left out.
     */
    void onConnected(Connection accepted, List<Subscription> resubscribe) {
        connection = accepted;
        Set<String> alreadyWaiting = waiting.stream()
                .filter(PendingSubscribe.class::isInstance)
                .flatMap(p -> ((PendingSubscribe) p).subscriptions().stream().map(Subscription::filter))
                .collect(Collectors.toSet());
        List<Subscription> again = resubscribe.stream().filter(s -> !alreadyWaiting.contains(s.filter())).toList();
        if (!again.isEmpty()) {
            CompletableFuture<SubscribeResult> done = new CompletableFuture<>();
            done.whenComplete((result, failure) -> {
                if (failure != null || !result.isGranted()) {
                    LOG.warn("Subscribing again to {} after the server lost the session: {}",
                            again.stream().map(Subscription::filter).toList(), failure != null ? failure : result);
                }
            });
            waiting.addFirst(new PendingSubscribe(again, done));
        }
        sendWaiting();
    }

    void onSubAck(SubAck ack) {
        Pending pending = take(ack.packetId());
        if (!(pending instanceof PendingSubscribe request)) {
            LOG.warn("SUBACK for packet id {}, which has no SUBSCRIBE open; ignored", ack.packetId());
            return;
        }
        List<Subscription> granted = new ArrayList<>();
        for (int i = 0; i < request.subscriptions().size() && i < ack.reasonCodes().size(); i++) {
            if (!ack.reasonCodes().get(i).isError()) {
                granted.add(request.subscriptions().get(i));
            }
        }
        if (!granted.isEmpty()) {
            session.apply(new SessionChange.Subscribed(granted));
        }
        request.future().complete(new SubscribeResult(ack.reasonCodes()));
    }

    void onUnsubAck(UnsubAck ack) {
        Pending pending = take(ack.packetId());
        if (!(pending instanceof PendingUnsubscribe request)) {
            LOG.warn("UNSUBACK for packet id {}, which has no UNSUBSCRIBE open; ignored", ack.packetId());
            return;
        }
        session.apply(new SessionChange.Unsubscribed(request.filters()));
        request.future().complete(new UnsubscribeResult(ack.reasonCodes().isEmpty()
                ? Collections.nCopies(request.filters().size(), ReasonCode.SUCCESS) : ack.reasonCodes()));
    }

    /** Requests whose acknowledgement did not arrive go back to the front of the queue, in order. */
    void onConnectionLost() {
        List<Pending> unanswered = new ArrayList<>(sent.values());
        sent.keySet().forEach(ids::release);
        sent.clear();
        for (int i = unanswered.size() - 1; i >= 0; i--) {
            waiting.addFirst(unanswered.get(i));
        }
        connection = null;
    }

    void failAll(Throwable cause) {
        waiting.forEach(p -> p.fail(cause));
        sent.values().forEach(p -> p.fail(cause));
        waiting.clear();
        sent.keySet().forEach(ids::release);
        sent.clear();
    }

    private Pending take(int packetId) {
        Pending pending = sent.remove(packetId);
        if (pending != null) {
            ids.release(packetId);
        }
        sendWaiting();
        return pending;
    }

    private void sendWaiting() {
        while (connection != null && !waiting.isEmpty()) {
            int id = ids.allocate();
            if (id == 0) {
                return;
            }
            Pending next = waiting.poll();
            sent.put(id, next);
            if (next instanceof PendingSubscribe s) {
                List<Subscription> subscriptions = connection.version().isV5() ? s.subscriptions()
                        : s.subscriptions().stream().map(x -> Subscription.of(x.filter(), x.qos())).toList();
                connection.send(new Subscribe(id, subscriptions, 0, List.of()));
            } else if (next instanceof PendingUnsubscribe u) {
                connection.send(new Unsubscribe(id, u.filters(), List.of()));
            }
        }
    }
}
