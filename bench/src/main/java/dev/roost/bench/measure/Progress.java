package dev.roost.bench.measure;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a progress line once a second while a run goes on: overwritten in place on a terminal, one line per tick
 * otherwise (a log file). A disabled progress prints nothing.
 *
 * <p>Thread-safe. The line supplier is called on the progress thread and must only read thread-safe counters.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final boolean enabled;
    private final boolean inPlace;
    private volatile Supplier<String> line = () -> "";
    private ScheduledExecutorService ticker;

    /**
     * @param out usually {@code System.err}
     * @param inPlace whether to rewrite the line with a carriage return (a terminal)
     */
    public Progress(PrintStream out, boolean enabled, boolean inPlace) {
        this.out = Objects.requireNonNull(out, "out");
        this.enabled = enabled;
        this.inPlace = inPlace;
    }

    /** A progress that prints nothing. */
    public static Progress off() {
        return new Progress(System.err, false, false);
    }

    /** Starts (or switches to) printing {@code newLine} every second. */
    public synchronized void show(Supplier<String> newLine) {
        line = Objects.requireNonNull(newLine, "line");
        if (enabled && ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void print() {
        String text = line.get();
        if (inPlace) {
            out.print("\r\u001B[2K" + text);
        } else {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
            if (inPlace) {
                out.print("\r\u001B[2K");
                out.flush();
            }
        }
    }
}
