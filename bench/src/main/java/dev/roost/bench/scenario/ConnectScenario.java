package dev.roost.bench.scenario;

import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.LoadClient;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code connect}: N clients with persistent sessions connect (all stay connected), disconnect, and connect again.
 * Measures new connects per second, resumes per second, and the share of resumes that found their session (Session
 * Present 1). A resume without its session counts as lost, as does a connect that failed.
 *
 * <p>Not thread-safe; {@link #run()} blocks its caller and may be called once.
 */
public final class ConnectScenario {
    private static final String ROLE = "conn";

    private final ScenarioContext ctx;
    private final int clients;
    private final int warmupClients;
    private final PersistentSettings p;

    /**
     * @param warmupClients clean clients that connect and disconnect first, unmeasured, so that neither side is
     *     measured cold
     */
    public ConnectScenario(ScenarioContext ctx, int clients, int warmupClients, PersistentSettings settings) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.p = Objects.requireNonNull(settings, "settings");
        if (clients < 1 || warmupClients < 0) {
            throw new IllegalArgumentException("clients must be at least 1, warm-up clients at least 0");
        }
        this.clients = clients;
        this.warmupClients = warmupClients;
    }

    public RunResult run() {
        Instant startedAt = ctx.wallClock().instant();
        NanoClock clock = ctx.network().clock();
        long deadline = clock.nanoTime() + p.duration().toNanos();
        List<String> notes = new ArrayList<>();
        if (warmupClients > 0) {
            Fleet.connect(ctx, "connect: warming up", warmupClients,
                    i -> ctx.network().connect(ctx.client("warm", i)).thenCompose(c -> c.disconnect(ctx.timeout())),
                    deadline);
        }

        Phase first = phase("connecting", deadline);
        int firstDisconnectFailures = Fleet.disconnectAll(ctx, first.connected);
        Phase second = phase("reconnecting", deadline);
        int resumed = (int) second.connected.stream().filter(LoadClient::sessionPresent).count();
        int secondDisconnectFailures = Fleet.disconnectAll(ctx, second.connected);
        ctx.progress().close();

        if (first.notStarted + second.notStarted > 0) {
            notes.add((first.notStarted + second.notStarted) + " connects not attempted: the duration of "
                    + p.duration().toSeconds() + " s ran out");
        }
        if (first.firstError != null || second.firstError != null) {
            notes.add("first connect failure: " + (first.firstError != null ? first.firstError : second.firstError));
        }
        if (firstDisconnectFailures + secondDisconnectFailures > 0) {
            notes.add((firstDisconnectFailures + secondDisconnectFailures) + " disconnects timed out");
        }
        if (!p.keepSessions()) {
            int left = SessionCleanup.discard(ctx, clients, ROLE);
            if (left > 0) {
                notes.add(left + " sessions could not be discarded at the end");
            }
        }
        ctx.progress().close();

        int attempts = first.attempted + second.attempted;
        int ok = first.connected.size() + second.connected.size();
        int lostSessions = second.connected.size() - resumed;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("connected", first.connected.size());
        metrics.put("connects_per_s", FlowScenario.perSecond(first.connected.size(), first.nanos));
        metrics.put("resumed", second.connected.size());
        metrics.put("resumes_per_s", FlowScenario.perSecond(second.connected.size(), second.nanos));
        metrics.put("session_present_share", second.connected.isEmpty() ? 0.0
                : (double) resumed / second.connected.size());
        metrics.put("connect_failures", first.attempted - first.connected.size());
        metrics.put("resume_failures", second.attempted - second.connected.size());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clients", clients);
        params.put("warmup_clients", warmupClients);
        params.put("concurrency", ctx.concurrency());
        if (ctx.connectRate() > 0) {
            params.put("connect_rate", ctx.connectRate());
        }
        params.put("session_expiry_s", p.sessionExpirySeconds());
        Tally tally = new Tally(attempts, ok - lostSessions, attempts - ok + lostSessions, 0, 0);
        return new RunResult("connect", ctx.broker(), ctx.mqtt(), startedAt, params, metrics, null, tally, notes);
    }

    private Phase phase(String label, long deadline) {
        NanoClock clock = ctx.network().clock();
        long start = clock.nanoTime();
        List<Launcher.Outcome<LoadClient>> outcomes = Fleet.connect(ctx, "connect: " + label, clients,
                i -> ctx.network().connect(ctx.client(ROLE, i).persistent(false, p.sessionExpirySeconds())), deadline);
        long nanos = clock.nanoTime() - start;
        Phase phase = new Phase(nanos);
        for (Launcher.Outcome<LoadClient> o : outcomes) {
            if (o.succeeded()) {
                phase.connected.add(o.value());
            } else if (o.started()) {
                phase.attempted++;
                phase.firstError = phase.firstError == null ? Fleet.describe(o.error()) : phase.firstError;
            } else {
                phase.notStarted++;
            }
        }
        phase.attempted += phase.connected.size();
        return phase;
    }

    /** What one round of connects did. */
    private static final class Phase {
        final long nanos;
        final List<LoadClient> connected = new ArrayList<>();
        int attempted;
        int notStarted;
        String firstError;

        Phase(long nanos) {
            this.nanos = nanos;
        }
    }
}
