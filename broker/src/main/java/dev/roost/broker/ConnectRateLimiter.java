package dev.roost.broker;

import java.time.Clock;

/**
 * Admits at most {@code permitsPerSecond} new connections per second across the whole server: a token bucket that
 * holds one second's worth of permits, starts full and refills continuously. Every accepted connection is an
 * unfinished CONNECT until its CONNECT is read, so this bounds the rate at which such connections can pile up (a
 * connect storm after an outage, or a flood of idle sockets).
 *
 * <p>A connection refused a permit is closed by the transport before anything is read from it: the client sees its
 * TCP connection closed without a CONNACK, the same as a broker that is not there, and retries with its back-off.
 *
 * <p>Thread-safe: each I/O thread asks for its own new channels.
 */
final class ConnectRateLimiter {
    private final Clock clock;
    private final int permitsPerSecond;
    private double available;
    private long refilledAtMillis;

    ConnectRateLimiter(int permitsPerSecond, Clock clock) {
        if (permitsPerSecond < 1) {
            throw new IllegalArgumentException("permitsPerSecond must be at least 1: " + permitsPerSecond);
        }
        this.clock = clock;
        this.permitsPerSecond = permitsPerSecond;
        this.available = permitsPerSecond;
        this.refilledAtMillis = clock.millis();
    }

    /** @return whether a new connection may proceed; takes a permit when it may */
    synchronized boolean tryAcquire() {
        long now = clock.millis();
        long elapsedMillis = Math.max(0, now - refilledAtMillis);
        available = Math.min(permitsPerSecond, available + elapsedMillis * (permitsPerSecond / 1000.0));
        refilledAtMillis = now;
        if (available < 1) {
            return false;
        }
        available -= 1;
        return true;
    }
}
