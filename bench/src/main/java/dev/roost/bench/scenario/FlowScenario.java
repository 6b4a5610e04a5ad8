package dev.roost.bench.scenario;

import dev.roost.bench.load.LoadClient;
import dev.roost.bench.measure.AckTracker;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.Deliveries;
import dev.roost.bench.measure.LatencySummary;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Publishers → topics → subscribers, in one of the {@link Topology} shapes: connect and subscribe everyone, publish
 * for the duration (or the message count), wait for the tail, then count what arrived and how late.
 *
 * <p>Rates are measured after the warm-up: published per second over the publishing time, delivered per second up
 * to the last first delivery. Latency is send-to-receive of each delivery after the warm-up; for QoS 1/2 also
 * publish-to-acknowledgement of each publish sent after the warm-up.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller for the whole run and may be called once.
 */
public final class FlowScenario {
    /** Waiting for the tail stops once nothing arrived for this long. */
    static final Duration IDLE = Duration.ofSeconds(2);
    private static final String SUBSCRIBER = "sub";

    private final String name;
    private final ScenarioContext ctx;
    private final FlowSettings s;

    /** @param name the scenario's name in results: {@code pairs}, {@code fanout}, {@code fanin} */
    public FlowScenario(String name, ScenarioContext ctx, FlowSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.s = Objects.requireNonNull(settings, "settings");
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        String base = ctx.topicBase(name);
        int receiversPerMessage = s.topology().receiversPerMessage(s.subscribers());

        boolean persistent = s.sessionExpirySeconds() > 0;
        List<LoadClient> subscribers = Fleet.connectAll(ctx, name + ": connecting subscribers", s.subscribers(),
                i -> persistent ? ctx.client(SUBSCRIBER, i).persistent(false, s.sessionExpirySeconds())
                        : ctx.client(SUBSCRIBER, i));
        List<LoadClient> publishers = List.of();
        try {
            Fleet.subscribeAll(ctx, subscribers, i -> s.topology().subscriberFilter(base, i), s.qos());
            publishers = Fleet.connectAll(ctx, name + ": connecting publishers", s.publishers(),
                    i -> ctx.client("pub", i).withInflightWindow(s.inflight()));

            List<PublisherDriver> drivers = new ArrayList<>(publishers.size());
            for (int p = 0; p < publishers.size(); p++) {
                drivers.add(new PublisherDriver(publishers.get(p), List.of(s.topology().publisherTopic(base, p)), p,
                        s.qos(), s.payloadSize(), s.messagesPerPublisher(), s.ratePerPublisher(), s.maxAhead(),
                        receiversPerMessage, clock));
            }
            long startNanos = clock.nanoTime();
            long warmupEndNanos = startNanos + s.warmup().toNanos();
            Deliveries deliveries = new Deliveries();
            List<StreamTracker> trackers = new ArrayList<>(subscribers.size());
            for (LoadClient sub : subscribers) {
                StreamTracker tracker = new StreamTracker(warmupEndNanos, deliveries, s.maxAhead() == 0
                        ? stream -> { }
                        : stream -> {
                            if (stream >= 0 && stream < drivers.size()) {
                                drivers.get(stream).onDelivered();
                            }
                        });
                trackers.add(tracker);
                sub.listener(tracker);
            }
            List<AckTracker> ackTrackers = new ArrayList<>(publishers.size());
            if (s.qos() != Qos.AT_MOST_ONCE) {
                for (LoadClient pub : publishers) {
                    AckTracker tracker = new AckTracker(warmupEndNanos);
                    ackTrackers.add(tracker);
                    pub.ackListener(tracker);
                }
            }

            WarmupMark mark = WarmupMark.at(s.warmup(), clock, () -> sum(drivers), deliveries::count);
            ctx.progress().show(() -> progressLine(clock, startNanos, drivers, deliveries));
            drivers.forEach(d -> d.start(s.duration()));

            List<String> notes = new ArrayList<>();
            CompletableFuture<Void> allStopped = CompletableFuture.allOf(
                    drivers.stream().map(PublisherDriver::done).toArray(CompletableFuture[]::new));
            if (!Fleet.awaitQuietly(allStopped, s.duration().plus(s.drainTimeout()))) {
                notes.add("publishers still had unacknowledged QoS " + s.qos().value()
                        + " messages when the drain timeout ended");
            }
            long sent = sum(drivers);
            long expected = sent * receiversPerMessage;
            deliveries.expect(expected);
            if (!Fleet.awaitDeliveries(deliveries, s.drainTimeout(), IDLE)) {
                notes.add("deliveries missing: none arrived for " + IDLE.toSeconds() + " s, or the drain timeout of "
                        + s.drainTimeout().toSeconds() + " s ended");
            }
            ctx.progress().close();

            List<StreamTracker.Snapshot> snaps = snapshots(subscribers, trackers);
            Histogram ackLatency = new Histogram(3);
            for (int i = 0; i < ackTrackers.size(); i++) {
                AckTracker tracker = ackTrackers.get(i);
                ackLatency.add(onLoop(publishers.get(i), tracker::snapshot, "reading the acknowledgement latency"));
            }
            if (persistent) {
                Fleet.disconnectAll(ctx, subscribers);
                if (!s.keepSessions()) {
                    int left = SessionCleanup.discard(ctx, s.subscribers(), SUBSCRIBER);
                    if (left > 0) {
                        notes.add(left + " subscriber sessions could not be discarded at the end");
                    }
                }
            }
            long stopNanos = drivers.stream().mapToLong(d -> d.done().isDone() ? d.stopNanos() : clock.nanoTime())
                    .max().orElse(startNanos);
            long lastDelivery = snaps.stream().mapToLong(StreamTracker.Snapshot::lastDeliveryNanos).max().orElse(0);
            Histogram latency = new Histogram(3);
            long distinct = 0;
            long duplicated = 0;
            long outOfOrder = 0;
            long foreign = 0;
            for (StreamTracker.Snapshot snap : snaps) {
                latency.add(snap.latencyMicros());
                distinct += snap.distinct();
                duplicated += snap.duplicated();
                outOfOrder += snap.outOfOrder();
                foreign += snap.foreign();
            }
            long refused = publishers.stream().mapToLong(LoadClient::refusedPublishes).sum();
            if (refused > 0) {
                notes.add("the broker refused " + refused + " PUBLISH with an error reason code");
            }
            if (foreign > 0) {
                notes.add(foreign + " messages without our stamp arrived (another client publishing on our topics?)");
            }
            if (!s.warmup().isZero() && stopNanos - mark.nanos() <= 0) {
                notes.add("the warm-up lasted as long as the run: rates and latency are empty");
            }
            for (LoadClient c : subscribers) {
                if (c.failure() != null) {
                    notes.add(c.options().clientId() + ": " + c.failure());
                }
            }
            for (LoadClient c : publishers) {
                if (c.failure() != null) {
                    notes.add(c.options().clientId() + ": " + c.failure());
                }
            }

            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("published", sent);
            metrics.put("delivered", distinct);
            metrics.put("publish_s", seconds(stopNanos - startNanos));
            metrics.put("published_per_s", perSecond(sent - mark.sent(), stopNanos - mark.nanos()));
            metrics.put("delivered_per_s", perSecond(distinct - mark.delivered(),
                    lastDelivery == 0 ? 0 : lastDelivery - mark.nanos()));
            if (s.qos().value() > 0) {
                metrics.put("window", publishers.stream().mapToInt(c -> windowOf(c)).min().orElse(0));
            }
            Tally tally = new Tally(expected, distinct, Math.max(0, expected - distinct), duplicated, outOfOrder);
            return new RunResult(name, ctx.broker(), ctx.mqtt(), startedAt, params(), metrics,
                    LatencySummary.of(latency), ackTrackers.isEmpty() ? null : LatencySummary.of(ackLatency), tally,
                    notes);
        } finally {
            ctx.progress().close();
            Fleet.disconnectAll(ctx, publishers);
            Fleet.disconnectAll(ctx, subscribers);
        }
    }

    private Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("qos", s.qos().value());
        p.put("publishers", s.publishers());
        p.put("subscribers", s.subscribers());
        p.put("size", s.payloadSize());
        p.put("duration_s", seconds(s.duration().toNanos()));
        if (s.messagesPerPublisher() > 0) {
            p.put("messages", s.messagesPerPublisher());
        }
        if (s.ratePerPublisher() > 0) {
            p.put("rate", s.ratePerPublisher());
        }
        if (s.qos().value() > 0) {
            p.put("inflight", s.inflight());
        }
        if (s.maxAhead() > 0) {
            p.put("max_ahead", s.maxAhead());
        }
        p.put("warmup_s", seconds(s.warmup().toNanos()));
        if (s.sessionExpirySeconds() > 0) {
            p.put("session_expiry_s", s.sessionExpirySeconds());
        }
        return p;
    }

    private List<StreamTracker.Snapshot> snapshots(List<LoadClient> clients, List<StreamTracker> trackers) {
        List<StreamTracker.Snapshot> snaps = new ArrayList<>(trackers.size());
        for (int i = 0; i < trackers.size(); i++) {
            StreamTracker tracker = trackers.get(i);
            CompletableFuture<StreamTracker.Snapshot> snap = new CompletableFuture<>();
            clients.get(i).eventLoop().execute(() -> snap.complete(tracker.snapshot()));
            snaps.add(Fleet.await(snap, ctx.timeout(), "reading the counters"));
        }
        return snaps;
    }

    private int windowOf(LoadClient client) {
        return onLoop(client, client::window, "reading the window");
    }

    private <T> T onLoop(LoadClient client, Supplier<T> read, String what) {
        CompletableFuture<T> value = new CompletableFuture<>();
        client.eventLoop().execute(() -> value.complete(read.get()));
        return Fleet.await(value, ctx.timeout(), what);
    }

    private String progressLine(NanoClock clock, long startNanos, List<PublisherDriver> drivers, Deliveries d) {
        double elapsed = (clock.nanoTime() - startNanos) / 1e9;
        long sent = sum(drivers);
        return String.format(Locale.ROOT, "%s %5.1fs  sent %,d (%,.0f/s)  delivered %,d (%,.0f/s)", name, elapsed,
                sent, sent / Math.max(elapsed, 1e-3), d.count(), d.count() / Math.max(elapsed, 1e-3));
    }

    private static long sum(List<PublisherDriver> drivers) {
        long n = 0;
        for (PublisherDriver d : drivers) {
            n += d.sent();
        }
        return n;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0.0 : count * 1e9 / nanos;
    }

    /** The counters at the end of the warm-up, taken on a timer thread. */
    private static final class WarmupMark {
        private volatile long nanos;
        private volatile long sent;
        private volatile long delivered;

        static WarmupMark at(Duration warmup, NanoClock clock, LongSupplier sent,
                             LongSupplier delivered) {
            WarmupMark mark = new WarmupMark();
            mark.nanos = clock.nanoTime() + warmup.toNanos();
            if (!warmup.isZero()) {
                CompletableFuture.runAsync(() -> {
                    mark.sent = sent.getAsLong();
                    mark.delivered = delivered.getAsLong();
                    mark.nanos = clock.nanoTime();
                }, CompletableFuture.delayedExecutor(warmup.toNanos(), TimeUnit.NANOSECONDS));
            }
            return mark;
        }

        long nanos() {
            return nanos;
        }

        long sent() {
            return sent;
        }

        long delivered() {
            return delivered;
        }
    }
}
