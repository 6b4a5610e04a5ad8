package dev.roost.bench.scenario;

import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.LoadClient;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.Deliveries;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.StreamTracker;
import dev.roost.bench.measure.Tally;
import dev.roost.protocol.Qos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code offline}: S subscribers create persistent sessions, each subscribed to a topic of its own, and go offline;
 * one publisher sends K messages to each topic (QoS 1 by default) while they are away; then all of them reconnect at
 * once and receive their queues. Measures the publish rate (to the last acknowledgement) and the drain: the time
 * from the reconnects to the last first delivery, and messages per second over it.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller and may be called once.
 */
public final class OfflineScenario {
    private static final String ROLE = "off";

    private final ScenarioContext ctx;
    private final int subscribers;
    private final int messagesEach;
    private final Qos qos;
    private final int payloadSize;
    private final int inflight;
    private final Duration drainTimeout;
    private final PersistentSettings p;

    /**
     * @param qos the QoS of the messages and the subscriptions: 1 or 2
     * @param inflight the publisher's QoS 1/2 window
     */
    public OfflineScenario(ScenarioContext ctx, int subscribers, int messagesEach, Qos qos, int payloadSize,
                           int inflight, Duration drainTimeout, PersistentSettings settings) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.qos = Objects.requireNonNull(qos, "qos");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.p = Objects.requireNonNull(settings, "settings");
        if (subscribers < 1 || messagesEach < 1 || qos == Qos.AT_MOST_ONCE) {
            throw new IllegalArgumentException("offline needs subscribers >= 1, messages >= 1 and QoS 1 or 2");
        }
        this.subscribers = subscribers;
        this.messagesEach = messagesEach;
        this.payloadSize = payloadSize;
        this.inflight = inflight;
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        String base = ctx.topicBase("offline");
        List<String> topics = new ArrayList<>(subscribers);
        for (int i = 0; i < subscribers; i++) {
            topics.add(base + "/" + i);
        }
        List<String> notes = new ArrayList<>();

        // 1. Persistent sessions with one subscription each, then offline.
        List<LoadClient> subs = Fleet.connectAll(ctx, "offline: creating sessions", subscribers,
                i -> ctx.client(ROLE, i).persistent(false, p.sessionExpirySeconds()));
        try {
            Fleet.subscribeAll(ctx, subs, topics::get, qos);
        } finally {
            Fleet.disconnectAll(ctx, subs);
        }

        // 2. Publish K messages to each topic while every subscriber is away.
        LoadClient publisher = Fleet.connectAll(ctx, "offline: connecting the publisher", 1,
                i -> ctx.client("pub", i).withInflightWindow(inflight)).get(0);
        long total = (long) subscribers * messagesEach;
        PublisherDriver driver = new PublisherDriver(publisher, topics, 0, qos, payloadSize, total, 0, 0, 1, clock);
        long publishStart = clock.nanoTime();
        ctx.progress().show(() -> String.format(Locale.ROOT, "offline: published %,d of %,d", driver.sent(), total));
        driver.start(p.duration());
        if (!Fleet.awaitQuietly(driver.done(), p.duration().plus(ctx.timeout()))) {
            notes.add("the publisher still had unacknowledged messages after the duration");
        }
        long publishNanos = (driver.done().isDone() ? driver.doneNanos() : clock.nanoTime()) - publishStart;
        long sent = driver.sent();
        if (publisher.refusedPublishes() > 0) {
            notes.add("the broker refused " + publisher.refusedPublishes() + " PUBLISH (a full queue?)");
        }
        Fleet.disconnectAll(ctx, List.of(publisher));

        // 3. Everyone comes back at once and drains its queue.
        Deliveries deliveries = new Deliveries();
        deliveries.expect(sent);
        List<StreamTracker> trackers = new ArrayList<>(subscribers);
        for (int i = 0; i < subscribers; i++) {
            trackers.add(new StreamTracker(Long.MAX_VALUE, deliveries, stream -> { }));
        }
        long drainStart = clock.nanoTime();
        List<Launcher.Outcome<LoadClient>> outcomes = Fleet.connect(ctx, "offline: reconnecting", subscribers,
                i -> ctx.network().connect(ctx.client(ROLE, i).persistent(false, p.sessionExpirySeconds()),
                        trackers.get(i)), Long.MAX_VALUE);
        ctx.progress().show(() -> String.format(Locale.ROOT, "offline: drained %,d of %,d", deliveries.count(), sent));
        if (!Fleet.awaitDeliveries(deliveries, drainTimeout, FlowScenario.IDLE)) {
            notes.add("messages missing: none arrived for " + FlowScenario.IDLE.toSeconds()
                    + " s, or the drain timeout of " + drainTimeout.toSeconds() + " s ended");
        }
        ctx.progress().close();
        List<LoadClient> back = outcomes.stream().filter(Launcher.Outcome::succeeded).map(Launcher.Outcome::value)
                .toList();
        int resumed = (int) back.stream().filter(LoadClient::sessionPresent).count();
        if (back.size() < subscribers) {
            notes.add((subscribers - back.size()) + " subscribers could not reconnect");
        }
        if (resumed < back.size()) {
            notes.add((back.size() - resumed) + " subscribers came back without their session (Session Present 0)");
        }
        long distinct = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long lastDelivery = drainStart;
        for (int i = 0; i < outcomes.size(); i++) {
            Launcher.Outcome<LoadClient> o = outcomes.get(i);
            if (!o.succeeded()) {
                continue;
            }
            StreamTracker tracker = trackers.get(i);
            CompletableFuture<StreamTracker.Snapshot> f = new CompletableFuture<>();
            o.value().eventLoop().execute(() -> f.complete(tracker.snapshot()));
            StreamTracker.Snapshot snap = Fleet.await(f, ctx.timeout(), "reading the counters");
            distinct += snap.distinct();
            duplicated += snap.duplicated();
            outOfOrder += snap.outOfOrder();
            lastDelivery = Math.max(lastDelivery, snap.lastDeliveryNanos());
        }
        Fleet.disconnectAll(ctx, back);
        if (!p.keepSessions()) {
            int left = SessionCleanup.discard(ctx, subscribers, ROLE);
            if (left > 0) {
                notes.add(left + " sessions could not be discarded at the end");
            }
        }
        ctx.progress().close();

        long drainNanos = lastDelivery - drainStart;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("published", sent);
        metrics.put("publish_s", FlowScenario.seconds(publishNanos));
        metrics.put("published_per_s", FlowScenario.perSecond(sent, publishNanos));
        metrics.put("delivered", distinct);
        metrics.put("drain_s", FlowScenario.seconds(drainNanos));
        metrics.put("drained_per_s", FlowScenario.perSecond(distinct, drainNanos));
        metrics.put("session_present_share", back.isEmpty() ? 0.0 : (double) resumed / back.size());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("qos", qos.value());
        params.put("subscribers", subscribers);
        params.put("messages_each", messagesEach);
        params.put("size", payloadSize);
        params.put("inflight", inflight);
        params.put("session_expiry_s", p.sessionExpirySeconds());
        Tally tally = new Tally(sent, distinct, Math.max(0, sent - distinct), duplicated, outOfOrder);
        return new RunResult("offline", ctx.broker(), ctx.mqtt(), startedAt, params, metrics, null, tally, notes);
    }
}
