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

    public Instant now() {
        return clock.instant();
    }

    public Scheduler.Cancellable schedule(String clientId, Duration delay, Runnable task) {
        return scheduler.schedule(delay, () -> lanes.enqueue(clientId, task));
    }
}
