package dev.roost.broker.core.lane;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of single-threaded lanes. Every session belongs to the lane chosen by its client id, and every mutation of
 * a session runs on that lane, so session logic needs no locks and a session's writes stay in order. Work handed to a
 * lane runs in the order it was handed over.
 *
 * <p>Thread-safe.
 */
public final class Lanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);

    private final ExecutorService[] executors;
    private final ThreadLocal<Integer> currentLane = new ThreadLocal<>();
    private volatile boolean closed;

    public Lanes(int count, String namePrefix) {
        executors = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            int lane = i;
            executors[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(() -> {
                    currentLane.set(lane);
                    r.run();
                }, namePrefix + "-" + lane);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** The lane that owns {@code clientId}. */
    public int laneOf(String clientId) {
        return Math.floorMod(clientId.hashCode(), executors.length);
    }

    /** Runs {@code task} on the lane of {@code clientId}; inline when the caller already is on that lane. */
    public void execute(String clientId, Runnable task) {
        int lane = laneOf(clientId);
        Integer current = currentLane.get();
        if (current != null && current == lane) {
            runGuarded(task);
        } else {
            submit(lane, task);
        }
    }

    /** Queues {@code task} behind everything already handed to the lane of {@code clientId}, even from that lane. */
    public void enqueue(String clientId, Runnable task) {
        submit(laneOf(clientId), task);
    }

    private void submit(int lane, Runnable task) {
        if (closed) {
            log.debug("Lanes are closed; dropping a task handed over during shutdown");
            return;
        }
        try {
            executors[lane].execute(() -> runGuarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("Lanes are closed; dropping a task handed over during shutdown");
        }
    }

    public boolean isOnLaneOf(String clientId) {
        Integer current = currentLane.get();
        return current != null && current == laneOf(clientId);
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A bug in one session's handling must not kill the lane that serves thousands of others.
            log.error("Unexpected failure on a session lane", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ExecutorService e : executors) {
            e.shutdown();
        }
        for (ExecutorService e : executors) {
            try {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            }
        }
    }
}
