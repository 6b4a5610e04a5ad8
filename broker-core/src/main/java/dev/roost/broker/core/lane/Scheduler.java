package dev.roost.broker.core.lane;

import java.time.Duration;

/**
 * Runs tasks later. The broker's session timers (will delay, session expiry) use it; no timer owns a thread. Tasks run
 * on the scheduler's thread and must only hand work to a lane.
 *
 * <p>Implementations are thread-safe. Tests use a manual one that runs due tasks when its clock is advanced.
 */
public interface Scheduler {

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run yet. Idempotent. */
        void cancel();
    }

    Cancellable schedule(Duration delay, Runnable task);
}
