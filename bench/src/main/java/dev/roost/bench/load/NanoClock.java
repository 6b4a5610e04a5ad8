package dev.roost.bench.load;

/**
 * A monotonic nanosecond clock, passed in so that the harness never reads time behind a test's back. Only differences
 * between two readings mean anything. Implementations must be thread-safe; {@link #SYSTEM} is.
 */
@FunctionalInterface
public interface NanoClock {
    /** {@link System#nanoTime()}: the same origin on every thread of this JVM. */
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
