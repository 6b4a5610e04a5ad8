package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/roost.jar ARGS} as a child process, its standard output and error read line by line on daemon
 * threads. Every wait is bounded by {@link #TIMEOUT}; {@link #close()} kills the process (by its handle, so only this
 * one) if it is still running.
 */
final class RoostProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "roost.jar");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final Process process;
    private final Stream stdout;
    private final Stream stderr;

    private RoostProcess(Process process) {
        this.process = process;
        this.stdout = new Stream(process.getInputStream(), "stdout");
        this.stderr = new Stream(process.getErrorStream(), "stderr");
    }

    static RoostProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    static RoostProcess start(Map<String, String> environment, String... args) throws IOException {
        assertThat(JAR).as("the shaded jar (built in the package phase)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new RoostProcess(builder.start());
    }

    /** Waits for a line of standard output that contains a match of {@code pattern}. */
    Matcher awaitOutput(Pattern pattern) throws InterruptedException {
        return stdout.await(pattern, this);
    }

    /** Waits for a line of standard error that contains a match of {@code pattern}. */
    Matcher awaitError(Pattern pattern) throws InterruptedException {
        return stderr.await(pattern, this);
    }

    /** Waits for the process to end and for both streams to be read to their end; returns the exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("ended within %s; stdout %s, stderr %s", TIMEOUT, stdout.lines(), stderr.lines()).isTrue();
        stdout.reader.join(TIMEOUT.toMillis());
        stderr.reader.join(TIMEOUT.toMillis());
        return process.exitValue();
    }

    /** Every line of standard output read so far (all of them after {@link #awaitExit()}). */
    List<String> outputLines() {
        return stdout.lines();
    }

    /** Every line of standard error read so far (all of them after {@link #awaitExit()}). */
    List<String> errorLines() {
        return stderr.lines();
    }

    /** Sends SIGTERM, through the handle: Process.destroy() would also close our end of its output. */
    void terminate() {
        assertThat(process.toHandle().destroy()).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RoostProcess[pid " + process.pid() + ", stdout " + stdout.lines() + ", stderr " + stderr.lines() + "]";
    }

    /** One stream of the child, read on a daemon thread into a queue (for waiting) and a list (for the record). */
    private static final class Stream {
        private final BlockingQueue<String> unseen = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();
        private final List<String> seen = new ArrayList<>();
        final Thread reader;

        Stream(InputStream in, String name) {
            reader = new Thread(() -> read(in), "child-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream in) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (all) {
                        all.add(line);
                    }
                    unseen.add(line);
                }
            } catch (IOException e) {
                unseen.add("(unreadable: " + e + ")");
            }
        }

        List<String> lines() {
            synchronized (all) {
                return List.copyOf(all);
            }
        }

        Matcher await(Pattern pattern, RoostProcess owner) throws InterruptedException {
            for (String line : seen) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = unseen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line matching " + pattern + " within " + TIMEOUT + ": " + owner);
                }
                seen.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
    }
}
