package dev.roost.bench.scenario;

import dev.roost.bench.load.ClientOptions;
import dev.roost.bench.load.Launcher;
import dev.roost.bench.load.LoadClient;
import dev.roost.bench.measure.Deliveries;
import dev.roost.protocol.Qos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Connects, subscribes and disconnects groups of {@link LoadClient}s for the scenarios, with the context's concurrency,
 * connect rate and timeout, and turns a wait that cannot succeed into a {@link ScenarioFailure}. Stateless; called
 * from a scenario's own thread, which it blocks.
 */
final class Fleet {
    private Fleet() {
    }

    /** Connects and fails unless every client connects. */
    static List<LoadClient> connectAll(ScenarioContext ctx, String label, int count,
                                       IntFunction<ClientOptions> options) {
        List<Launcher.Outcome<LoadClient>> outcomes = connect(ctx, label, count,
                i -> ctx.network().connect(options.apply(i)), Long.MAX_VALUE);
        List<LoadClient> clients = new ArrayList<>(count);
        Throwable firstError = null;
        int failed = 0;
        for (Launcher.Outcome<LoadClient> o : outcomes) {
            if (o.succeeded()) {
                clients.add(o.value());
            } else {
                failed++;
                firstError = firstError == null ? o.error() : firstError;
            }
        }
        if (failed > 0) {
            clients.forEach(LoadClient::close);
            throw new ScenarioFailure("could not connect " + failed + " of " + count + " clients to " + ctx.broker()
                    + ": " + describe(firstError), firstError);
        }
        return clients;
    }

    /**
     * Runs {@code count} connect tasks with at most {@code ctx.concurrency()} outstanding and the context's connect
     * rate, starting none after {@code deadlineNanos}; shows {@code label} and the count done as progress.
     *
     * @param task connects client {@code i} (and may do more with it), with its own timeouts
     * @return one outcome per client, in index order
     */
    static <T> List<Launcher.Outcome<T>> connect(ScenarioContext ctx, String label, int count,
                                                 IntFunction<CompletableFuture<T>> task, long deadlineNanos) {
        AtomicInteger done = new AtomicInteger();
        ctx.progress().show(() -> label + ": " + done.get() + "/" + count);
        Launcher<T> launcher = new Launcher<>(count, ctx.concurrency(), ctx.connectRate(), deadlineNanos,
                ctx.network().clock(), i -> task.apply(i).whenComplete((v, e) -> done.incrementAndGet()));
        // Each attempt has its own timeouts; the whole batch gets a generous bound on top.
        long boundMillis = ctx.timeout().toMillis() * (3 + count / ctx.concurrency())
                + (ctx.connectRate() > 0 ? (long) (count * 1000 / ctx.connectRate()) : 0);
        return await(launcher.start(), Duration.ofMillis(boundMillis), label);
    }

    /** Subscribes client {@code i} to {@code filter(i)} and waits for every SUBACK. */
    static void subscribeAll(ScenarioContext ctx, List<LoadClient> clients, IntFunction<String> filter, Qos qos) {
        List<CompletableFuture<?>> acks = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            acks.add(clients.get(i).subscribe(filter.apply(i), qos, ctx.timeout()));
        }
        await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)),
                ctx.timeout().multipliedBy(2), "subscribing " + clients.size() + " clients");
    }

    /** Sends DISCONNECT on every client and waits for the channels to close. @return how many did not close in time */
    static int disconnectAll(ScenarioContext ctx, List<LoadClient> clients) {
        List<CompletableFuture<Void>> closed = new ArrayList<>(clients.size());
        for (LoadClient c : clients) {
            closed.add(c.disconnect(ctx.timeout()));
        }
        int failed = 0;
        for (CompletableFuture<Void> f : closed) {
            try {
                f.get(ctx.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScenarioFailure("interrupted while disconnecting", e);
            }
        }
        clients.forEach(LoadClient::close);
        return failed;
    }

    /** Waits for {@code future}; a timeout or failure becomes a {@link ScenarioFailure} that names {@code what}. */
    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ScenarioFailure(what + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new ScenarioFailure(what + " failed: " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioFailure(what + ": interrupted", e);
        }
    }

    /** Waits for {@code future} at most {@code timeout}. @return whether it completed (successfully or not) */
    static boolean awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioFailure("interrupted", e);
        }
    }

    /**
     * Waits until every expected delivery arrived, at most {@code timeout}, and gives up early once nothing more has
     * arrived for {@code idle}: what a broker dropped never comes, and the run should not wait for it.
     *
     * @return whether every expected delivery arrived
     */
    static boolean awaitDeliveries(Deliveries deliveries, Duration timeout, Duration idle) {
        long slice = Math.max(1, Math.min(idle.toMillis(), 250));
        long waited = 0;
        long idleFor = 0;
        long seen = deliveries.count();
        while (waited < timeout.toMillis()) {
            if (awaitQuietly(deliveries.complete(), Duration.ofMillis(slice))) {
                return true;
            }
            waited += slice;
            long now = deliveries.count();
            idleFor = now == seen ? idleFor + slice : 0;
            seen = now;
            if (idleFor >= idle.toMillis()) {
                return false;
            }
        }
        return deliveries.complete().isDone();
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
