package dev.roost.client.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto (the Debian package's {@code /usr/sbin/mosquitto}) started on an ephemeral port of 127.0.0.1 with
 * a generated configuration in a temporary directory, stopped through its process handle. Tests are skipped when it
 * is not installed.
 */
final class MosquittoUnderTest implements BrokerUnderTest {
    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;
    private Path log;

    MosquittoUnderTest(Path directory) {
        this(directory, "");
    }

    /** @param extraConfig more lines for the listener, e.g. TLS files */
    MosquittoUnderTest(Path directory, String extraConfig) {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError("mosquitto is not installed at " + EXECUTABLE
                    + ": run 'apt-get install mosquitto' (.ci/run does)");
        }
        this.port = freePort();
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("mosquitto.conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + "persistence false\nmax_inflight_messages 20\n" + extraConfig);
            process = new ProcessBuilder(EXECUTABLE.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("mosquitto.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        this.log = directory.resolve("mosquitto.log");
        Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20)).until(this::accepts);
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new AssertionError("mosquitto stopped: " + readLog());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public boolean assignsClientIds() {
        return true;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
