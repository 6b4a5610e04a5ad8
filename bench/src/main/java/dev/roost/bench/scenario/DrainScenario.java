package dev.roost.bench.scenario;

import dev.roost.bench.load.ClientOptions;
import dev.roost.bench.load.InboundListener;
import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.LoadClient;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.Deliveries;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.Stamp;
import dev.roost.bench.measure.StreamTracker;
import dev.roost.bench.measure.Tally;
import dev.roost.protocol.packet.Publish;
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
 * {@code drain}: checks what a {@code fill} left on the broker. A reproducible random sample of the {@link FillPlan}'s
 * sessions resumes (Clean Start 0 / Clean Session 0) and each must receive exactly {@code messagesEach} messages of
 * its own group, each once and in order. A shortfall counts as lost; a message of another group, or more than
 * {@code messagesEach}, is named in the notes and makes the session incomplete.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller and may be called once.
 */
public final class DrainScenario {
    /** Incomplete sessions named in the notes, at most. */
    private static final int NAMED = 5;

    private final ScenarioContext ctx;
    private final FillPlan plan;
    private final int sampleSize;
    private final long seed;
    private final long sessionExpirySeconds;
    private final Duration drainTimeout;

    /**
     * @param sampleSize sessions to check; all of them when at least {@link FillPlan#sessions()}
     * @param sessionExpirySeconds the Session Expiry Interval the resumed sessions ask for (5.0)
     */
    public DrainScenario(ScenarioContext ctx, FillPlan plan, int sampleSize, long seed, long sessionExpirySeconds,
                         Duration drainTimeout) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (sampleSize < 1) {
            throw new IllegalArgumentException("the sample must hold at least one session: " + sampleSize);
        }
        this.sampleSize = sampleSize;
        this.seed = seed;
        this.sessionExpirySeconds = sessionExpirySeconds;
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        int[] sample = plan.sample(sampleSize, seed);
        int n = sample.length;
        long expected = (long) n * plan.messagesEach();
        Deliveries deliveries = new Deliveries();
        deliveries.expect(expected);
        List<GroupCheck> checks = new ArrayList<>(n);
        for (int session : sample) {
            checks.add(new GroupCheck(plan.groupOf(session), new StreamTracker(Long.MAX_VALUE, deliveries, s -> { })));
        }

        long start = clock.nanoTime();
        List<Launcher.Outcome<LoadClient>> outcomes = Fleet.connect(ctx, "drain: resuming", n,
                k -> ctx.network().connect(ClientOptions.clean(plan.clientId(sample[k]), ctx.version(), ctx.timeout())
                        .persistent(false, sessionExpirySeconds), checks.get(k)), Long.MAX_VALUE);
        ctx.progress().show(() -> String.format(Locale.ROOT, "drain: received %,d of %,d", deliveries.count(),
                expected));
        List<String> notes = new ArrayList<>();
        if (!Fleet.awaitDeliveries(deliveries, drainTimeout, FlowScenario.IDLE)) {
            notes.add("messages missing: none arrived for " + FlowScenario.IDLE.toSeconds()
                    + " s, or the drain timeout of " + drainTimeout.toSeconds() + " s ended");
        }
        ctx.progress().close();

        long distinct = 0;
        long lost = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long extra = 0;
        long otherGroup = 0;
        long lastDelivery = start;
        int resumed = 0;
        int complete = 0;
        List<String> incomplete = new ArrayList<>();
        List<LoadClient> connected = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Launcher.Outcome<LoadClient> o = outcomes.get(k);
            if (!o.succeeded()) {
                lost += plan.messagesEach();
                name(incomplete, plan.clientId(sample[k]) + ": could not resume: " + Fleet.describe(o.error()));
                continue;
            }
            LoadClient client = o.value();
            connected.add(client);
            resumed += client.sessionPresent() ? 1 : 0;
            GroupCheck check = checks.get(k);
            CompletableFuture<GroupCheck.Counts> f = new CompletableFuture<>();
            client.eventLoop().execute(() -> f.complete(check.counts()));
            GroupCheck.Counts c = Fleet.await(f, ctx.timeout(), "reading the counters");
            StreamTracker.Snapshot snap = c.snapshot();
            distinct += Math.min(snap.distinct(), plan.messagesEach());
            lost += Math.max(0, plan.messagesEach() - snap.distinct());
            extra += Math.max(0, snap.distinct() - plan.messagesEach());
            duplicated += snap.duplicated();
            outOfOrder += snap.outOfOrder();
            otherGroup += c.otherGroup();
            lastDelivery = Math.max(lastDelivery, snap.lastDeliveryNanos());
            boolean whole = snap.distinct() == plan.messagesEach() && snap.duplicated() == 0
                    && snap.outOfOrder() == 0 && c.otherGroup() == 0;
            if (whole) {
                complete++;
            } else {
                name(incomplete, String.format(Locale.ROOT, "%s: %d of %d, %d duplicated, %d out of order, %d of"
                                + " another group", plan.clientId(sample[k]), snap.distinct(), plan.messagesEach(),
                        snap.duplicated(), snap.outOfOrder(), c.otherGroup()));
            }
        }
        Fleet.disconnectAll(ctx, connected);
        if (resumed < connected.size()) {
            notes.add((connected.size() - resumed) + " sessions came back without their session (Session Present 0)");
        }
        if (extra > 0 || otherGroup > 0) {
            notes.add(extra + " messages beyond the " + plan.messagesEach() + " of a session and " + otherGroup
                    + " of another group arrived");
        }
        if (complete < n) {
            notes.add((n - complete) + " of " + n + " sessions incomplete, e.g. " + String.join("; ", incomplete));
        }

        long drainNanos = lastDelivery - start;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sessions", n);
        metrics.put("complete_sessions", complete);
        metrics.put("incomplete_sessions", n - complete);
        metrics.put("session_present_share", connected.isEmpty() ? 0.0 : (double) resumed / connected.size());
        metrics.put("delivered", distinct);
        metrics.put("drain_s", FlowScenario.seconds(drainNanos));
        metrics.put("drained_per_s", FlowScenario.perSecond(distinct, drainNanos));
        metrics.put("extra", extra);
        metrics.put("other_group", otherGroup);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sessions", plan.sessions());
        params.put("messages_each", plan.messagesEach());
        params.put("group_size", plan.groupSize());
        params.put("prefix", plan.prefix());
        params.put("sample", n);
        params.put("seed", seed);
        Tally tally = new Tally(expected, distinct, lost, duplicated, outOfOrder);
        return new RunResult("drain", ctx.broker(), ctx.mqtt(), startedAt, params, metrics, null, tally, notes);
    }

    private static void name(List<String> incomplete, String what) {
        if (incomplete.size() < NAMED) {
            incomplete.add(what);
        }
    }

    /**
     * One resumed session's listener: messages of its own group go on to a {@link StreamTracker}, any other is
     * counted. Confined to the client's event loop.
     */
    private static final class GroupCheck implements InboundListener {
        private final int group;
        private final StreamTracker tracker;
        private long otherGroup;

        GroupCheck(int group, StreamTracker tracker) {
            this.group = group;
            this.tracker = tracker;
        }

        @Override
        public void onPublish(Publish publish, long receivedNanos) {
            if (Stamp.isStamped(publish.payload()) && Stamp.stream(publish.payload()) != group) {
                otherGroup++;
            } else {
                tracker.onPublish(publish, receivedNanos);
            }
        }

        Counts counts() {
            return new Counts(tracker.snapshot(), otherGroup);
        }

        record Counts(StreamTracker.Snapshot snapshot, long otherGroup) {
        }
    }
}
