package dev.roost.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous tasks (connects, typically) with at most {@code concurrency} outstanding at once,
 * optionally paced to {@code ratePerSecond} starts per second, and stops starting new ones at a deadline. Nothing
 * blocks: a task's completion or a pacing tick starts the next ones.
 *
 * <p>Thread-safe; one run per instance. The returned future completes when every started task has completed; tasks
 * never started because the deadline passed count as {@link Outcome#notStarted()}.
 *
 * @param <T> what a task produces
 */
public final class Launcher<T> {
    /** How one task ended: exactly one of the fields is set, or none when it was never started. */
    public record Outcome<T>(T value, Throwable error) {
        public static <T> Outcome<T> notStarted() {
            return new Outcome<>(null, null);
        }

        public boolean succeeded() {
            return value != null;
        }

        public boolean started() {
            return value != null || error != null;
        }
    }

    private final int count;
    private final int concurrency;
    private final double ratePerSecond;
    private final long deadlineNanos;
    private final NanoClock clock;
    private final IntFunction<CompletableFuture<T>> task;
    private final List<Outcome<T>> outcomes;
    private final CompletableFuture<List<Outcome<T>>> done = new CompletableFuture<>();
    private ScheduledExecutorService pacer;
    private ScheduledFuture<?> tick;
    private long startNanos;
    private int started;
    private int outstanding;
    private int finished;

    /**
     * @param ratePerSecond 0 for as fast as {@code concurrency} allows
     * @param deadlineNanos {@link NanoClock} reading after which no task is started
     */
    public Launcher(int count, int concurrency, double ratePerSecond, long deadlineNanos, NanoClock clock,
                    IntFunction<CompletableFuture<T>> task) {
        if (count < 0 || concurrency < 1 || ratePerSecond < 0) {
            throw new IllegalArgumentException("count >= 0, concurrency >= 1, rate >= 0 required");
        }
        this.count = count;
        this.concurrency = concurrency;
        this.ratePerSecond = ratePerSecond;
        this.deadlineNanos = deadlineNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.task = Objects.requireNonNull(task, "task");
        this.outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outcomes.add(Outcome.notStarted());
        }
    }

    /** Starts the run. @return the outcomes, index by index */
    public synchronized CompletableFuture<List<Outcome<T>>> start() {
        startNanos = clock.nanoTime();
        if (ratePerSecond > 0) {
            pacer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-pacer");
                t.setDaemon(true);
                return t;
            });
            tick = pacer.scheduleAtFixedRate(this::launch, 1, 1, TimeUnit.MILLISECONDS);
        }
        launch();
        return done;
    }

    private void launch() {
        List<Integer> toStart = new ArrayList<>();
        synchronized (this) {
            long now = clock.nanoTime();
            boolean expired = now - deadlineNanos > 0;
            long allowed = ratePerSecond > 0
                    ? Math.min(count, 1 + (long) ((now - startNanos) / 1e9 * ratePerSecond)) : count;
            while (!expired && started < allowed && outstanding < concurrency) {
                toStart.add(started++);
                outstanding++;
            }
            if (expired && started < count) {
                finished += count - started; // never started
                started = count;
            }
            finishIfComplete();
        }
        for (int index : toStart) {
            CompletableFuture<T> f;
            try {
                f = task.apply(index);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, error) -> complete(index, value, error));
        }
    }

    private void complete(int index, T value, Throwable error) {
        synchronized (this) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            outcomes.set(index, new Outcome<>(cause == null ? value : null, cause));
            outstanding--;
            finished++;
            finishIfComplete();
        }
        launch();
    }

    private void finishIfComplete() {
        if (finished == count && !done.isDone()) {
            if (pacer != null) {
                tick.cancel(false);
                pacer.shutdown();
            }
            done.complete(List.copyOf(outcomes));
        }
    }
}
