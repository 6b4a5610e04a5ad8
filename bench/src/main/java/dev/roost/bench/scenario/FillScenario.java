package dev.roost.bench.scenario;

import dev.roost.bench.load.ClientOptions;
import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.LoadClient;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.Tally;
import dev.roost.protocol.MqttVersion;
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
 * {@code fill}: leaves {@link FillPlan#entries()} queued messages on the broker, fast. Every session of the
 * {@link FillPlan} connects (Clean Start 1 in 5.0, so an earlier session of the same id is dropped; Clean Session 0
 * in 3.1.1), subscribes at QoS 1 to its group's topic and disconnects; then a few QoS 1 publishers, each pipelining a
 * window of publishes over a range of groups, send {@code messagesEach} messages to every group topic. The sessions
 * stay on the broker: {@code drain} checks them later, possibly after a restart.
 *
 * <p>Its counters are what the broker acknowledged: a queue entry counts as received when its session was created
 * and the publish for it was acknowledged without an error. Whether the broker really queued it only {@code drain}
 * can tell.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller and may be called once.
 */
public final class FillScenario {
    private final ScenarioContext ctx;
    private final FillSettings s;
    private final FillPlan plan;

    public FillScenario(ScenarioContext ctx, FillSettings settings) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.s = Objects.requireNonNull(settings, "settings");
        this.plan = settings.plan();
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        long deadline = clock.nanoTime() + s.duration().toNanos();
        List<String> notes = new ArrayList<>();

        // 1. The sessions, each with its one subscription, left offline.
        long createStart = clock.nanoTime();
        List<Launcher.Outcome<Boolean>> outcomes = Fleet.connect(ctx, "fill: creating sessions", plan.sessions(),
                i -> ctx.network().connect(sessionOptions(i))
                        .thenCompose(c -> c.subscribe(plan.topic(plan.groupOf(i)), Qos.AT_LEAST_ONCE, ctx.timeout())
                                .thenCompose(ack -> c.disconnect(ctx.timeout()))
                                .whenComplete((closed, error) -> c.close()))
                        .thenApply(closed -> Boolean.TRUE),
                deadline);
        long createNanos = clock.nanoTime() - createStart;
        int[] createdIn = new int[plan.groups()];
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).succeeded()) {
                createdIn[plan.groupOf(i)]++;
            }
        }
        int created = (int) outcomes.stream().filter(Launcher.Outcome::succeeded).count();
        outcomes.stream().filter(o -> o.error() != null).findFirst()
                .ifPresent(o -> notes.add((plan.sessions() - created) + " sessions not created; first failure: "
                        + Fleet.describe(o.error())));
        if (outcomes.stream().anyMatch(o -> !o.started())) {
            notes.add("the duration ran out while creating sessions");
        }

        // 2. messagesEach QoS 1 messages to every group topic, the groups split among the publishers.
        int publisherCount = Math.min(s.publishers(), plan.groups());
        List<LoadClient> publishers = Fleet.connectAll(ctx, "fill: connecting publishers", publisherCount,
                i -> ctx.client("fill-pub", i).withInflightWindow(s.inflight()));
        List<PublisherDriver> drivers = new ArrayList<>(publisherCount);
        long publishStart = clock.nanoTime();
        long refused;
        try {
            for (int p = 0; p < publisherCount; p++) {
                int first = plan.firstGroup(p, publisherCount);
                int end = plan.firstGroup(p + 1, publisherCount);
                List<String> topics = new ArrayList<>(end - first);
                for (int g = first; g < end; g++) {
                    topics.add(plan.topic(g));
                }
                drivers.add(new PublisherDriver(publishers.get(p), topics, first, Qos.AT_LEAST_ONCE,
                        s.payloadSize(), (long) plan.messagesEach() * topics.size(), 0, 0, 1, clock));
            }
            long total = (long) plan.groups() * plan.messagesEach();
            ctx.progress().show(() -> String.format(Locale.ROOT, "fill: published %,d of %,d", sent(drivers),
                    total));
            long remaining = Math.max(0, deadline - clock.nanoTime());
            drivers.forEach(d -> d.start(Duration.ofNanos(remaining)));
            CompletableFuture<Void> all = CompletableFuture.allOf(
                    drivers.stream().map(PublisherDriver::done).toArray(CompletableFuture[]::new));
            if (!Fleet.awaitQuietly(all, Duration.ofNanos(remaining).plus(ctx.timeout()))) {
                notes.add("publishers still had unacknowledged messages when the duration ended");
            }
            refused = publishers.stream().mapToLong(LoadClient::refusedPublishes).sum();
        } finally {
            ctx.progress().close();
            Fleet.disconnectAll(ctx, publishers);
        }
        long publishNanos = drivers.stream().mapToLong(d -> d.done().isDone() ? d.doneNanos() : clock.nanoTime())
                .max().orElse(publishStart) - publishStart;
        long published = sent(drivers);

        // What the broker acknowledged, group by group: publisher p sent message n to group first + n % topics.
        long acknowledged = 0;
        for (int p = 0; p < drivers.size(); p++) {
            int first = plan.firstGroup(p, publisherCount);
            int topics = plan.firstGroup(p + 1, publisherCount) - first;
            long n = drivers.get(p).sent();
            for (int k = 0; k < topics; k++) {
                long toGroup = n / topics + (k < n % topics ? 1 : 0);
                acknowledged += toGroup * createdIn[first + k];
            }
        }
        if (refused > 0) {
            notes.add("the broker refused " + refused + " PUBLISH; the acknowledged count is an estimate");
            acknowledged = Math.max(0, acknowledged - refused * plan.groupSize());
        }

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sessions", created);
        metrics.put("create_s", FlowScenario.seconds(createNanos));
        metrics.put("sessions_per_s", FlowScenario.perSecond(created, createNanos));
        metrics.put("published", published);
        metrics.put("publish_s", FlowScenario.seconds(publishNanos));
        metrics.put("published_per_s", FlowScenario.perSecond(published, publishNanos));
        metrics.put("queued", acknowledged);
        metrics.put("queued_per_s", FlowScenario.perSecond(acknowledged, publishNanos));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sessions", plan.sessions());
        params.put("messages_each", plan.messagesEach());
        params.put("group_size", plan.groupSize());
        params.put("prefix", plan.prefix());
        params.put("size", s.payloadSize());
        params.put("publishers", publisherCount);
        params.put("inflight", s.inflight());
        params.put("session_expiry_s", s.sessionExpirySeconds());
        params.put("concurrency", ctx.concurrency());
        long expected = plan.entries();
        Tally tally = new Tally(expected, acknowledged, Math.max(0, expected - acknowledged), 0, 0);
        return new RunResult("fill", ctx.broker(), ctx.mqtt(), startedAt, params, metrics, null, tally, notes);
    }

    private ClientOptions sessionOptions(int session) {
        return ClientOptions.clean(plan.clientId(session), ctx.version(), ctx.timeout())
                .persistent(ctx.version() == MqttVersion.V5, s.sessionExpirySeconds());
    }

    private static long sent(List<PublisherDriver> drivers) {
        long n = 0;
        for (PublisherDriver d : drivers) {
            n += d.sent();
        }
        return n;
    }
}
