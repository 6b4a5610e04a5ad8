package dev.roost.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Roost broker in a child JVM, for crash tests: started with the test's own class path and the command line's main
 * class, stopped with SIGKILL ({@link #kill()}) or SIGTERM ({@link #stop()}). Only ever stops the process it started.
 *
 * <p>Not thread-safe: one test thread drives it. Output lines are kept for failure messages.
 */
public final class ChildProcessBroker implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Roost listening on [^ ]*:(\\d+)");

    private final Process process;
    private final int port;
    private final ConcurrentLinkedQueue<String> output;

    private ChildProcessBroker(Process process, int port, ConcurrentLinkedQueue<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * Starts {@code mainClass broker --bind 127.0.0.1 --port PORT --data-dir DATA extraArgs...} and waits until it
     * listens.
     *
     * @param port a fixed port so that clients reconnect to the same address after a restart; 0 for any
     */
    public static ChildProcessBroker start(String mainClass, Path dataDir, int port, Duration timeout,
                                           List<String> jvmArgs, String... extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of("broker", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--data-dir",
                dataDir.toString()));
        command.addAll(List.of(extraArgs));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                output.add("[reader] " + e);
            } finally {
                listening.completeExceptionally(new IllegalStateException("the broker exited before listening"));
            }
        }, "child-broker-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildProcessBroker(process, listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the child broker did not start listening within " + timeout + ":\n"
                    + String.join("\n", output), e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to flush or close anything. Waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM: a graceful stop. Returns the exit code. */
    public int stop() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(20));
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the child broker did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the child printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
