package dev.roost.bench.scenario;

import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.Tally;
import dev.roost.protocol.Qos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code sessions}: N clients each create a persistent session with one QoS 1 subscription and disconnect, leaving N
 * offline sessions on the broker. With the broker's process id it reads the broker's resident memory
 * ({@code VmRSS}) before and, after a settling pause, after, and reports the growth per session. A session that
 * could not be created counts as lost.
 *
 * <p>For a JVM broker the figure includes whatever the heap grew by meanwhile; start the broker fresh for each run.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller and may be called once.
 */
public final class SessionsScenario {
    private static final String ROLE = "sess";

    private final ScenarioContext ctx;
    private final int sessions;
    private final Long brokerPid;
    private final Duration settle;
    private final PersistentSettings p;

    /**
     * @param brokerPid the broker's process id on this machine, or {@code null} to skip the memory figures
     * @param settle how long to wait after the last session before reading the memory again
     */
    public SessionsScenario(ScenarioContext ctx, int sessions, Long brokerPid, Duration settle,
                            PersistentSettings settings) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.p = Objects.requireNonNull(settings, "settings");
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be at least 1: " + sessions);
        }
        this.sessions = sessions;
        this.brokerPid = brokerPid;
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        String base = ctx.topicBase("sessions");
        List<String> notes = new ArrayList<>();
        OptionalLong before = brokerPid == null ? OptionalLong.empty() : ProcessMemory.residentBytes(brokerPid);
        if (brokerPid != null && before.isEmpty()) {
            notes.add("cannot read /proc/" + brokerPid + "/status: is the broker's process id right?");
        }

        long start = clock.nanoTime();
        List<Launcher.Outcome<Boolean>> outcomes = Fleet.connect(ctx, "sessions: creating", sessions,
                i -> ctx.network().connect(ctx.client(ROLE, i).persistent(false, p.sessionExpirySeconds()))
                        .thenCompose(c -> c.subscribe(base + "/" + i, Qos.AT_LEAST_ONCE, ctx.timeout())
                                .thenCompose(ack -> c.disconnect(ctx.timeout()))
                                .whenComplete((closed, error) -> c.close()))
                        .thenApply(closed -> Boolean.TRUE),
                clock.nanoTime() + p.duration().toNanos());
        long createNanos = clock.nanoTime() - start;
        int created = (int) outcomes.stream().filter(Launcher.Outcome::succeeded).count();
        int started = (int) outcomes.stream().filter(Launcher.Outcome::started).count();
        outcomes.stream().filter(o -> o.error() != null).findFirst()
                .ifPresent(o -> notes.add("first failure: " + Fleet.describe(o.error())));
        if (started < sessions) {
            notes.add((sessions - started) + " sessions not attempted: the duration ran out");
        }

        OptionalLong after = OptionalLong.empty();
        if (before.isPresent()) {
            ctx.progress().show(() -> "sessions: settling for " + settle.toSeconds() + " s");
            Fleet.awaitQuietly(CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(settle.toNanos(), TimeUnit.NANOSECONDS)),
                    settle.plusSeconds(5));
            after = ProcessMemory.residentBytes(brokerPid);
        } else if (brokerPid == null) {
            notes.add("broker memory not measured: pass --broker-pid");
        }
        if (!p.keepSessions()) {
            int left = SessionCleanup.discard(ctx, sessions, ROLE);
            if (left > 0) {
                notes.add(left + " sessions could not be discarded at the end");
            }
        }
        ctx.progress().close();

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sessions", created);
        metrics.put("created_per_s", FlowScenario.perSecond(created, createNanos));
        metrics.put("rss_before_bytes", before.isPresent() ? before.getAsLong() : null);
        metrics.put("rss_after_bytes", after.isPresent() ? after.getAsLong() : null);
        metrics.put("bytes_per_session", before.isPresent() && after.isPresent() && created > 0
                ? (double) (after.getAsLong() - before.getAsLong()) / created : null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sessions", sessions);
        params.put("concurrency", ctx.concurrency());
        if (ctx.connectRate() > 0) {
            params.put("connect_rate", ctx.connectRate());
        }
        params.put("settle_s", settle.toSeconds());
        if (brokerPid != null) {
            params.put("broker_pid", brokerPid);
        }
        Tally tally = new Tally(sessions, created, sessions - created, 0, 0);
        return new RunResult("sessions", ctx.broker(), ctx.mqtt(), startedAt, params, metrics, null, tally, notes);
    }
}
