package dev.roost.broker.core.lane;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on one daemon thread, for production: a binary heap of deadlines on {@link System#nanoTime()}.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: every offline session holds an expiry timer, often for days, and
 * its future, adapter and cancel handle cost about 110 bytes a timer; a timer here is one small object. A cancelled
 * timer also leaves the heap at once, where the executor keeps it until its deadline unless told otherwise.
 *
 * <p>Thread-safe: one lock guards the heap, held for {@code O(log n)} per schedule or cancel, never while a task runs.
 * Tasks with the same deadline run in the order they were scheduled. A task that throws is logged; later tasks still
 * run. After {@link #close} no task runs and {@link #schedule} throws {@link RejectedExecutionException}.
 */
public final class DeadlineScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadlineScheduler.class);
    /** Deadlines are compared by difference, which stays exact for delays up to this (about 146 years). */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 1;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    /** A min-heap by deadline, then sequence; guarded by {@link #lock}. */
    private Timer[] heap = new Timer[64];
    private int size;
    private long sequence;
    private boolean closed;

    public DeadlineScheduler() {
        thread = new Thread(this::runTimers, "roost-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    /** A scheduled task; its own cancel handle. */
    private final class Timer implements Cancellable {
        final long deadline;
        final long sequence;
        final Runnable task;
        /** Its place in the heap, -1 once it ran or was cancelled; guarded by {@link #lock}. */
        int index = -1;

        Timer(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                if (index >= 0) {
                    removeAt(index);
                }
            } finally {
                lock.unlock();
            }
        }

        boolean isBefore(Timer other) {
            long d = deadline - other.deadline;
            return d < 0 || d == 0 && sequence < other.sequence;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long nanos = delay.compareTo(Duration.ofNanos(MAX_DELAY_NANOS)) > 0 ? MAX_DELAY_NANOS
                : Math.max(0, delay.toNanos());
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("the scheduler is closed");
            }
            Timer timer = new Timer(System.nanoTime() + nanos, sequence++, task);
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            timer.index = size;
            heap[size++] = timer;
            siftUp(timer.index);
            if (heap[0] == timer) {
                changed.signal();
            }
            return timer;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many tasks wait to run (cancelled ones do not) */
    int pendingCount() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread; tasks that have not run yet never will. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            Arrays.fill(heap, 0, size, null);
            size = 0;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void runTimers() {
        while (true) {
            Timer due;
            lock.lock();
            try {
                due = nextDue();
                if (due == null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                due.task.run();
            } catch (RuntimeException e) {
                log.warn("A scheduled task failed", e);
            }
        }
    }

    /** Waits for the first deadline and removes its timer; {@code null} once closed. Holds the lock. */
    private Timer nextDue() {
        while (!closed) {
            if (size == 0) {
                changed.awaitUninterruptibly();
                continue;
            }
            long wait = heap[0].deadline - System.nanoTime();
            if (wait <= 0) {
                Timer first = heap[0];
                removeAt(0);
                return first;
            }
            try {
                changed.awaitNanos(wait);
            } catch (InterruptedException e) {
                // Nothing of ours interrupts this thread; it stops only when closed, so an interrupt ends a wait early.
                log.debug("The scheduler thread was interrupted; it goes on until the scheduler is closed");
            }
        }
        return null;
    }

    private void removeAt(int i) {
        Timer removed = heap[i];
        removed.index = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
    }

    private void siftUp(int i) {
        Timer timer = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!timer.isBefore(heap[parent])) {
                break;
            }
            place(heap[parent], i);
            i = parent;
        }
        place(timer, i);
    }

    private void siftDown(int i) {
        Timer timer = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].isBefore(heap[child])) {
                child = right;
            }
            if (!heap[child].isBefore(timer)) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(timer, i);
    }

    private void place(Timer timer, int i) {
        heap[i] = timer;
        timer.index = i;
    }
}
