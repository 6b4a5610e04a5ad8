package dev.roost.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a client library's callback thread delivered, for the test thread to wait on: a queue of not yet awaited
 * deliveries and the full history in arrival order.
 *
 * <p>Thread-safe: any number of callback threads may {@link #add}; one test thread awaits.
 */
public final class Inbox {
    /** How long a test waits for a message that should arrive. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String owner;
    private final BlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();
    private final List<Delivery> history = new CopyOnWriteArrayList<>();

    public Inbox(String owner) {
        this.owner = owner;
    }

    /** Records a delivery; called on the client library's thread. */
    public void add(Delivery delivery) {
        history.add(delivery);
        pending.add(delivery);
    }

    /**
     * The next delivery not yet returned by this method, waiting up to {@code timeout}.
     *
     * @throws AssertionError if none arrives in time
     */
    public Delivery next(Duration timeout) {
        try {
            Delivery delivery = pending.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (delivery == null) {
                throw new AssertionError(owner + " received no message within " + timeout + "; history " + history);
            }
            return delivery;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(owner + " was interrupted while waiting for a message", e);
        }
    }

    /** The next {@code count} deliveries, each within {@link #DEFAULT_TIMEOUT}. */
    public List<Delivery> next(int count) {
        List<Delivery> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(next(DEFAULT_TIMEOUT));
        }
        return result;
    }

    /** Every delivery so far, in arrival order. */
    public List<Delivery> history() {
        return List.copyOf(history);
    }

    @Override
    public String toString() {
        return owner + " inbox " + history;
    }
}
