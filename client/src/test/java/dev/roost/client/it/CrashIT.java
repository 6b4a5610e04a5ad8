package dev.roost.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ClientConfig;
import dev.roost.client.RoostClient;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.Qos;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client in a child JVM ({@link CrashChild}) is killed with SIGKILL right between storing a change and sending
 * the packet it describes, then started again on the same store: nothing is lost, nothing is doubled beyond what the
 * QoS allows.
 */
class CrashIT {
    @TempDir
    Path dir;
    RoostBrokerUnderTest broker;
    RoostClient observer;
    final List<Child> children = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = new RoostBrokerUnderTest(dir.resolve("broker"));
        observer = RoostClient.create(ClientConfig.builder("127.0.0.1", broker.port()).clientId("observer")
                .sessionStore(new InMemoryClientSessionStore()).build());
    }

    @AfterEach
    void stop() {
        children.forEach(Child::kill);
        observer.close();
        broker.close();
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {1, 2})
    void aPublisherKilledBetweenStoringAndSendingLosesNothingAndDoublesNothing(int qos) {
        Inbox inbox = new Inbox();
        Done.of(observer.connect());
        Done.of(observer.subscribe("crash/#", Qos.EXACTLY_ONCE, inbox));
        Path store = dir.resolve("publisher");

        Child first = start("publish", broker.port(), store, 0, 10, qos, 5);
        first.await("STORED");
        first.kill();
        Child second = start("publish", broker.port(), store, 5, 10, qos, 0);
        second.await("DONE");

        assertThat(first.lines()).containsSubsequence("ACKED m0", "ACKED m3", "STORED").doesNotContain("ACKED m4");
        assertThat(second.lines()).contains("COMPLETED m4", "ACKED m9");
        List<String> expected = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(inbox.payloads()).containsAll(expected));
        for (String m : expected) {
            assertThat(inbox.count(m)).as("%s received", m).isEqualTo(1);
        }
    }

    @Test
    void aSubscriberKilledAfterStoringAQos2IdButBeforeItsPubRecGetsTheMessageOnce() {
        Done.of(observer.connect());
        Path store = dir.resolve("subscriber");
        Child first = start("subscribe", broker.port(), store, 1);
        first.await("READY present=false");

        Done.of(observer.publish("crash/a", "once".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE));
        first.await("STORED");
        first.kill();
        Child second = start("subscribe", broker.port(), store, 0);
        second.await("READY present=true");
        Done.of(observer.publish("crash/b", "after".getBytes(StandardCharsets.UTF_8), Qos.EXACTLY_ONCE));
        second.await("GOT after dup=false");

        assertThat(first.lines()).containsSubsequence("GOT once dup=false", "STORED");
        assertThat(second.lines()).noneMatch(line -> line.startsWith("GOT once"));
    }

    private Child start(String mode, Object... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), mode));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            Child child = new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
            children.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child JVM and what it reported. */
    static final class Child {
        private final Process process;
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private final List<String> output = new CopyOnWriteArrayList<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                        if (line.startsWith("@@")) {
                            seen.add(line.substring(2));
                            events.add(line.substring(2));
                        }
                    }
                } catch (IOException e) {
                    output.add("(output ended: " + e + ")");
                }
            }, "child-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line equal to {@code expected}; fails with everything the child printed. */
        void await(String expected) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try {
                while (System.nanoTime() < deadline) {
                    String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (expected.equals(event)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("the child did not report '" + expected + "'; its output:\n"
                    + String.join("\n", output));
        }

        List<String> lines() {
            return List.copyOf(seen);
        }

        /** SIGKILL (Process.destroyForcibly on Linux), then wait for it to be gone. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
