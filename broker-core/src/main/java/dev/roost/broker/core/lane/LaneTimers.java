package dev.roost.broker.core.lane;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Timers whose tasks run on a session's lane, and the broker's notion of now. A task may still run after its timer was
 * cancelled if it was already handed to the lane, so tasks re-check the state they act on.
 *
 * <p>Thread-safe.
 */
public final class LaneTimers {
    private final Clock clock;
    private final Scheduler scheduler;
    private final Lanes lanes;

    public LaneTimers(Clock clock, Scheduler scheduler, Lanes lanes) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.lanes = lanes;
    }

    /**
     * A timer task that runs on the lane of its client id. It is its own scheduler task, with no wrapper: when due,
     * {@link #run} (on the scheduler's thread) hands {@link #runOnLane} to the lane. Every offline session holds one,
     * so an implementation keeps only what it acts on, and reaches its {@link LaneTimers} through a method, typically
     * from its enclosing object, rather than a field of its own.
     *
     * <p>{@link #runOnLane} runs on the lane; the other methods on any thread.
     */
    public abstract static class LaneTask implements Runnable {
        /** The timers that schedule this task. */
        protected abstract LaneTimers timers();

        /** Whose lane runs the task. */
        protected abstract String clientId();

        /** The task itself, on the lane of {@link #clientId}. */
        protected abstract void runOnLane();

        /** On the scheduler's thread: hands the task to its lane. */
        @Override
        public final void run() {
            timers().lanes.enqueue(clientId(), this::runOnLane);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code task} on the lane of its client id after {@code delay}, unless cancelled first. */
    public Scheduler.Cancellable schedule(Duration delay, LaneTask task) {
        return scheduler.schedule(delay, task);
    }
}
