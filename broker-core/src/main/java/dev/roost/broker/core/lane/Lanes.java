package dev.roost.broker.core.lane;

import dev.roost.broker.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of single-threaded lanes. Every session belongs to the lane chosen by its client id, and every mutation of
 * a session runs on that lane, so session logic needs no locks and a session's writes stay in order. Work handed to a
 * lane runs in the order it was handed over.
 *
 * <p>A lane runs its work in batches: it takes what is queued (up to {@value #MAX_BATCH} tasks), runs it, then calls
 * the durability barrier once ({@code SessionStore.sync()}: one fsync for every write of the batch, shared with other
 * lanes) and only then sends what the batch produced ({@link GatedConnection}). Acknowledgements thus never leave
 * before the writes they acknowledge are durable, and a loaded lane pays one fsync per batch, not one per message.
 *
 * <p>Thread-safe.
 */
public final class Lanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);
    static final int MAX_BATCH = 512;
    private static final Runnable STOP = () -> { };

    private final Lane[] lanes;
    private final ThreadLocal<Lane> currentLane = new ThreadLocal<>();
    private volatile boolean closed;

    /**
     * @param barrier makes every write made so far durable; throws {@link StoreException} when it cannot, and the
     *     batch's output is then discarded (its connections closed)
     */
    public Lanes(int count, String namePrefix, Runnable barrier) {
        lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = new Lane(namePrefix + "-" + i, barrier);
        }
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    /** Lanes without a durability barrier, for a store that is durable when its writes return (or never). */
    public Lanes(int count, String namePrefix) {
        this(count, namePrefix, () -> { });
    }

    /** The lane that owns {@code clientId}. */
    public int laneOf(String clientId) {
        return Math.floorMod(clientId.hashCode(), lanes.length);
    }

    /** Runs {@code task} on the lane of {@code clientId}; inline when the caller already is on that lane. */
    public void execute(String clientId, Runnable task) {
        Lane lane = lanes[laneOf(clientId)];
        if (currentLane.get() == lane) {
            runGuarded(task);
        } else {
            submit(lane, task);
        }
    }

    /** Queues {@code task} behind everything already handed to the lane of {@code clientId}, even from that lane. */
    public void enqueue(String clientId, Runnable task) {
        submit(lanes[laneOf(clientId)], task);
    }

    public boolean isOnLaneOf(String clientId) {
        return currentLane.get() == lanes[laneOf(clientId)];
    }

    /** The outbox of the lane the caller runs on, or {@code null} off the lanes. */
    Outbox currentOutbox() {
        Lane lane = currentLane.get();
        return lane == null ? null : lane.outbox;
    }

    private void submit(Lane lane, Runnable task) {
        if (closed) {
            log.debug("Lanes are closed; dropping a task handed over during shutdown");
            return;
        }
        lane.tasks.add(task);
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A bug in one session's handling must not kill the lane that serves thousands of others.
            log.error("Unexpected failure on a session lane", e);
        }
    }

    /** Runs what was handed over before it, sends what that produced, and stops the lanes. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Lane lane : lanes) {
            lane.tasks.add(STOP);
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(5));
                if (lane.thread.isAlive()) {
                    log.warn("{} did not finish its work within 5 s; interrupting it", lane.thread.getName());
                    lane.thread.interrupt();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                lane.thread.interrupt();
            }
        }
    }

    /** One lane: its queue, its thread and the output its current batch holds back. */
    private final class Lane {
        final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        final Outbox outbox = new Outbox();
        final Runnable barrier;
        final Thread thread;

        Lane(String name, Runnable barrier) {
            this.barrier = barrier;
            this.thread = new Thread(this::run, name);
            thread.setDaemon(true);
        }

        private void run() {
            currentLane.set(this);
            List<Runnable> batch = new ArrayList<>(MAX_BATCH);
            boolean stop = false;
            while (!stop) {
                try {
                    batch.add(tasks.take());
                } catch (InterruptedException e) {
                    return;
                }
                tasks.drainTo(batch, MAX_BATCH - 1);
                for (Runnable task : batch) {
                    if (task == STOP) {
                        stop = true;
                    } else {
                        runGuarded(task);
                    }
                }
                batch.clear();
                commit();
            }
        }

        /** The end of a batch: its writes become durable, then its output leaves. */
        private void commit() {
            try {
                barrier.run();
            } catch (StoreException e) {
                int closed = outbox.discard();
                log.warn("The session store could not make a batch of writes durable; closed {} connections without"
                        + " sending their acknowledgements: {}", closed, e.getMessage());
                return;
            } catch (RuntimeException e) {
                outbox.discard();
                log.error("Unexpected failure making a batch of writes durable", e);
                return;
            }
            outbox.release();
        }
    }
}
