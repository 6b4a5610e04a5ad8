package dev.roost.client;

import java.time.Duration;
import java.util.Random;

/**
 * Reconnect delays of one client: exponential (initial, doubling, capped at max) with "equal jitter": each delay is
 * uniformly drawn from [d/2, d], so many clients cut off together do not come back together. Each client has its
 * own instance and its own random source; nothing is shared between clients.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Random random;
    private int attempt;

    Backoff(Duration initial, Duration max, Random random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** @return the delay before the next attempt; each call counts one attempt */
    Duration next() {
        long ceiling = max.toNanos();
        long base = initial.toNanos();
        for (int i = 0; i < attempt && base < ceiling; i++) {
            base *= 2;
        }
        base = Math.min(base, ceiling);
        attempt++;
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (base - half)));
    }

    /** After a successful connection: the next delay starts from {@code initial} again. */
    void reset() {
        attempt = 0;
    }
}
