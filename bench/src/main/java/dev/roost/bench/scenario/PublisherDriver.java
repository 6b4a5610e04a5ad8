package dev.roost.bench.scenario;

import dev.roost.bench.load.LoadClient;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.Stamp;
import dev.roost.protocol.Qos;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one publishing {@link LoadClient}: writes stamped PUBLISH as fast as the socket, the QoS 1/2 window, the
 * optional rate and the optional closed-loop cap allow, in batches so that other connections on the same event loop
 * get their turn. Message {@code n} goes to topic {@code n % topics}, as sequence {@code n / topics} of stream
 * {@code firstStream + n % topics}.
 *
 * <p>Stops after {@code messages} messages (0: no limit) or when {@code duration} has passed, whichever comes first;
 * {@link #done()} completes once it stopped and every QoS 1/2 PUBLISH was acknowledged.
 *
 * <p>Threading: runs on the client's event loop. {@link #sent()}, {@link #onDelivered()} and {@link #done()} may be
 * called from any thread.
 */
final class PublisherDriver implements Runnable {
    private static final int BATCH = 64;

    private final LoadClient client;
    private final List<String> topics;
    private final int firstStream;
    private final Qos qos;
    private final int payloadSize;
    private final long messages;
    private final double ratePerSecond;
    private final long maxAhead;
    private final int receiversPerMessage;
    private final NanoClock clock;
    private final AtomicLong sentView = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean parked = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private EventLoop loop;

    // Event loop only.
    private long sent;
    private long startNanos;
    private long stopNanos;
    private long doneNanos;
    private boolean stopped;
    private boolean timerPending;

    /**
     * @param maxAhead closed loop: the most messages this publisher may have sent and not yet seen delivered to its
     *     receivers (0: open loop)
     * @param receiversPerMessage how many receivers get each message, for the closed-loop count
     */
    PublisherDriver(LoadClient client, List<String> topics, int firstStream, Qos qos, int payloadSize, long messages,
                    double ratePerSecond, long maxAhead, int receiversPerMessage, NanoClock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.topics = List.copyOf(topics);
        this.firstStream = firstStream;
        this.qos = Objects.requireNonNull(qos, "qos");
        this.payloadSize = payloadSize;
        this.messages = messages;
        this.ratePerSecond = ratePerSecond;
        this.maxAhead = maxAhead;
        this.receiversPerMessage = Math.max(1, receiversPerMessage);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Any thread. Starts publishing now, for at most {@code duration}. */
    void start(Duration duration) {
        loop = client.eventLoop();
        client.onReady(this);
        loop.execute(() -> {
            startNanos = clock.nanoTime();
            loop.schedule(this::stop, duration.toNanos(), TimeUnit.NANOSECONDS);
            run();
        });
    }

    /** Any thread. Completes when publishing stopped and nothing is left unacknowledged. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Any thread. @return messages written so far */
    long sent() {
        return sentView.get();
    }

    /** After {@link #done()}: the NanoClock reading when publishing stopped. */
    long stopNanos() {
        return stopNanos;
    }

    /** After {@link #done()}: the NanoClock reading when the last acknowledgement arrived. */
    long doneNanos() {
        return doneNanos;
    }

    LoadClient client() {
        return client;
    }

    /** Any thread. One receiver got one of this publisher's messages for the first time. */
    void onDelivered() {
        delivered.incrementAndGet();
        if (parked.get() && parked.compareAndSet(true, false)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        if (stopped) {
            finishIfDrained();
            return;
        }
        int written = 0;
        while (written < BATCH) {
            if (messages > 0 && sent >= messages) {
                stop();
                break;
            }
            if (!client.canPublish(qos)) {
                break; // the client calls run() again when the socket drains or acknowledgements arrive
            }
            if (maxAhead > 0 && isTooFarAhead()) {
                parked.set(true);
                if (!isTooFarAhead() && parked.compareAndSet(true, false)) {
                    continue; // a delivery raced with parking
                }
                break;
            }
            long now = clock.nanoTime();
            if (ratePerSecond > 0 && !isDue(now)) {
                scheduleNextDue(now);
                break;
            }
            int topic = (int) (sent % topics.size());
            client.publish(topics.get(topic), qos,
                    Stamp.payload(payloadSize, firstStream + topic, sent / topics.size(), now));
            sent++;
            sentView.lazySet(sent);
            written++;
        }
        if (written > 0) {
            client.flush();
        }
        if (written == BATCH && !stopped) {
            loop.execute(this); // yield to the other channels of this loop, then go on
        }
    }

    private boolean isTooFarAhead() {
        return sent * receiversPerMessage - delivered.get() >= maxAhead * receiversPerMessage;
    }

    private boolean isDue(long now) {
        return sent < 1 + (long) ((now - startNanos) * ratePerSecond / 1e9);
    }

    private void scheduleNextDue(long now) {
        if (timerPending) {
            return;
        }
        timerPending = true;
        long dueAt = startNanos + (long) (sent * 1e9 / ratePerSecond);
        loop.schedule(() -> {
            timerPending = false;
            run();
        }, Math.max(0, dueAt - now), TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (!stopped) {
            stopped = true;
            stopNanos = clock.nanoTime();
        }
        finishIfDrained();
    }

    private void finishIfDrained() {
        if (client.publishesInFlight() == 0 && !done.isDone()) {
            doneNanos = clock.nanoTime();
            done.complete(null);
        }
    }
}
