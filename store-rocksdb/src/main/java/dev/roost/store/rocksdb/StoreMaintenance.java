package dev.roost.store.rocksdb;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one background thread: the write-ahead-log fsync of {@link DurabilityPolicy#INTERVAL} and the periodic
 * compaction. Tasks must not throw for an expected failure; anything they throw is logged and the task keeps its
 * schedule. Thread-safe.
 */
final class StoreMaintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);

    private final ScheduledExecutorService executor;

    StoreMaintenance(String threadName) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} every {@code period}, the first time one period from now. */
    void every(Duration period, String what, Runnable task) {
        long nanos = period.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Session store {} failed; it runs again in {}", what, period, e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the thread after the task it is running, if any. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The session store's maintenance thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
