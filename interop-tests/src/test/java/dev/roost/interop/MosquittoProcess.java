package dev.roost.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@code mosquitto_pub} or {@code mosquitto_sub} child process with its output (stdout and stderr merged) read
 * fully, line by line, by a daemon thread, so the test can wait for a line with a timeout.
 *
 * <p>Always close it (try-with-resources): {@link #close()} kills the process if it is still running and waits for it
 * and its reader to end. Not thread-safe except for {@link #lines()}.
 */
public final class MosquittoProcess implements AutoCloseable {
    /** The line that tells how to get the binaries when they are missing. */
    public static final String INSTALL_HINT = "install them with `sudo apt-get install mosquitto-clients`"
            + " (CI does this in .ci/run)";

    private final String command;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private MosquittoProcess(String command, Process process) {
        this.command = command;
        this.process = process;
        this.reader = new Thread(this::readOutput, "output of " + command);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code program} (looked up on the {@code PATH}, then in {@code /usr/bin}) with {@code arguments}.
     *
     * @throws AssertionError if the program is not installed, with {@link #INSTALL_HINT}
     */
    public static MosquittoProcess start(String program, List<String> arguments) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(executable(program).toString());
        commandLine.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        try {
            return new MosquittoProcess(String.join(" ", commandLine), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
    }

    /**
     * The path of an installed program.
     *
     * @throws AssertionError if it is not installed
     */
    public static Path executable(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(program + " is not installed (not on PATH nor in /usr/bin): "
                        + INSTALL_HINT));
    }

    /** Writes {@code text} to the process's standard input and closes it (for {@code mosquitto_pub -l}). */
    public void writeAndCloseStdin(String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + command, e);
        }
    }

    /**
     * Waits until a line of output matches, and returns it.
     *
     * @throws AssertionError if none does within {@code timeout}; the message holds the output so far
     */
    public String awaitLine(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<String> match = lines.stream().filter(wanted).findFirst();
                if (match.isPresent()) {
                    return match.get();
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0 || (!reader.isAlive() && lines.stream().noneMatch(wanted))) {
                    throw new AssertionError("no matching output within " + timeout + " from " + this);
                }
                waitForLines(remainingMillis);
            }
        }
    }

    /**
     * Waits for the process to end by itself and for its output to be read fully.
     *
     * @return the exit code
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + ": " + this);
            }
            reader.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    /** Ends the process with SIGKILL (the process gets no chance to send DISCONNECT) and waits for it. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    /** Every line of output so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return command + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + ", output "
                + lines;
    }

    private void waitForLines(long millis) {
        try {
            lines.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for output of " + command, e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add("<output unreadable: " + e + ">");
            }
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
