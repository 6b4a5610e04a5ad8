package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roost broker} from the shaded jar, as a child process: start, serve, stop on SIGTERM. */
class BrokerCommandIT {
    private static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "roost.jar");
    private static final Pattern LISTENING = Pattern.compile("Roost listening on 127\\.0\\.0\\.1:(\\d+), data in (.+)$");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDirectory;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void servesMqttOnTheAnnouncedPortAndStopsCleanlyOnSigterm() throws Exception {
        Path data = dataDirectory.resolve("data");
        Child broker = start("broker", "--port", "0", "--bind", "127.0.0.1", "--data-dir", data.toString());
        Matcher listening = broker.awaitLine(LISTENING);
        int port = Integer.parseInt(listening.group(1));
        assertThat(Files.isDirectory(data)).isTrue();

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            // CONNECT, 3.1.1, Clean Session, keep-alive 60 s, client id "it".
            socket.getOutputStream().write(new byte[] {
                    0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x02, 'i', 't'});
            assertThat(socket.getInputStream().readNBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x00);
        }

        // SIGTERM. Through the handle: Process.destroy() would also close our end of its standard output.
        assertThat(broker.process.toHandle().destroy()).isTrue();
        assertThat(broker.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(broker.process.exitValue()).isZero();
        broker.awaitLine(Pattern.compile("Roost stopped"));
    }

    @Test
    void refusesAPortInUseWithOneLineNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Child broker = start("broker", "--port", String.valueOf(taken.getLocalPort()), "--bind", "127.0.0.1",
                    "--data-dir", dataDirectory.toString());
            assertThat(broker.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(broker.process.exitValue()).isEqualTo(1);
            String errors = broker.errors();
            assertThat(errors.lines()).hasSize(1);
            assertThat(errors).contains("127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    @Test
    void printsItsVersion() throws Exception {
        Child roost = start("--version");
        assertThat(roost.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(roost.process.exitValue()).isZero();
        assertThat(roost.awaitLine(Pattern.compile("^roost (\\S+)$")).group(1)).doesNotContain("${");
    }

    private Child start(String... args) throws IOException {
        assertThat(JAR).as("the shaded jar (built in the package phase)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return new Child(process);
    }

    /** A started child, its standard output read line by line on a daemon thread. */
    private static final class Child {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> readLines(process.getInputStream()), "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLines(InputStream stdout) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(stdout unreadable: " + e + ")");
            }
        }

        /** Waits for a line of standard output that contains a match of {@code pattern}. */
        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            for (String line : seen) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line matching " + pattern + " within " + TIMEOUT + "; saw " + seen
                            + "; stderr: " + errorsSoFar());
                }
                seen.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }

        String errors() throws IOException {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        private String errorsSoFar() {
            try {
                return process.isAlive() ? "(still running)" : errors();
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
