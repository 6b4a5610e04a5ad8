package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code roost sub} from the shaded jar as a child process, {@code roost pub} in process (and from the jar where its
 * exit code is the point), against a broker embedded in the test on 127.0.0.1 with an ephemeral port.
 */
class ClientCommandsIT {
    private static RoostBroker broker;
    private static String port;

    @TempDir
    Path directory;

    private final List<RoostProcess> started = new ArrayList<>();
    private final StringWriter pubErrors = new StringWriter();

    @BeforeAll
    static void startBroker(@TempDir Path data) {
        broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(data)
                .storeEngine(BrokerConfig.StoreEngine.MEMORY).build());
        port = String.valueOf(broker.port());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        for (RoostProcess process : started) {
            process.close();
        }
    }

    @ParameterizedTest(name = "MQTT {0}, QoS {1}")
    @CsvSource({"5, 0", "5, 1", "5, 2", "311, 0", "311, 1", "311, 2"})
    void aMessagePublishedWithPubIsPrintedBySub(String version, String qos) throws Exception {
        String topic = "round-trip/v" + version + "/q" + qos;
        RoostProcess sub = sub("-V", version, "-q", qos, "-t", "round-trip/+/q" + qos, "-C", "1", "-v");
        sub.awaitError(Pattern.compile("subscribed to 'round-trip/\\+/q" + qos + "' \\(granted QoS " + qos + "\\)"));

        assertThat(pub("-V", version, "-q", qos, "-t", topic, "-m", "hello over " + version)).as(pubErrors.toString())
                .isZero();

        assertThat(sub.awaitExit()).as(sub.toString()).isZero();
        assertThat(sub.outputLines()).containsExactly(topic + " hello over " + version);
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"5", "311"})
    void subDashCResumesItsSessionAndReceivesWhatWasPublishedWhileItWasAway(String version) throws Exception {
        String id = "resume-" + version;
        String topic = "resume/v" + version;
        String[] persistent = {"-V", version, "-c", "-i", id, "--session-dir", directory.toString(), "-q", "1", "-t",
                topic};

        RoostProcess first = sub(concat(persistent, "-C", "1"));
        first.awaitError(Pattern.compile("session new"));
        first.awaitError(Pattern.compile("subscribed to"));
        assertThat(pub("-V", version, "-q", "1", "-t", topic, "-m", "before")).isZero();
        assertThat(first.awaitExit()).as(first.toString()).isZero();
        assertThat(first.outputLines()).containsExactly("before");

        // Away: the broker queues these in the session (a QoS 1 PUBACK means they are there).
        assertThat(pub("-V", version, "-q", "1", "-t", topic, "-m", "while away 1")).isZero();
        assertThat(pub("-V", version, "-q", "2", "-t", topic, "-m", "while away 2")).isZero();

        RoostProcess second = sub(concat(persistent, "-C", "2"));
        second.awaitError(Pattern.compile("session present"));
        assertThat(second.awaitExit()).as(second.toString()).isZero();
        assertThat(second.outputLines()).containsExactly("while away 1", "while away 2");
        assertThat(Files.isDirectory(directory.resolve(id))).as("the client's file session store").isTrue();
    }

    @Test
    void subPrintsEveryFilterOfSeveralAndStopsAtTheCount() throws Exception {
        RoostProcess sub = sub("-t", "many/a", "-t", "many/b", "-C", "3");
        sub.awaitError(Pattern.compile("subscribed to 'many/b'"));
        assertThat(pub("-t", "many/a", "-m", "1")).isZero();
        assertThat(pub("-t", "many/b", "-m", "2")).isZero();
        assertThat(pub("-t", "many/a", "-n")).isZero();
        assertThat(sub.awaitExit()).isZero();
        assertThat(sub.outputLines()).containsExactly("1", "2", "");
    }

    @Test
    void pubSendsAFilesBytesAndRetainsThem() throws Exception {
        Path file = directory.resolve("payload.txt");
        Files.writeString(file, "from a file");
        assertThat(pub("-t", "retained/file", "-f", file.toString(), "-r", "-q", "1")).isZero();

        RoostProcess sub = sub("-t", "retained/file", "-C", "1");
        assertThat(sub.awaitExit()).isZero();
        assertThat(sub.outputLines()).containsExactly("from a file");
    }

    @Test
    void subExitsWith27WhenTheTimeRunsOutFirst() throws Exception {
        RoostProcess sub = sub("-t", "nobody/publishes/here", "-C", "1", "-W", "1");
        assertThat(sub.awaitExit()).isEqualTo(27);
        assertThat(sub.errorLines()).contains("roost sub: timed out after 1 s");
        assertThat(sub.outputLines()).isEmpty();
    }

    @Test
    void aSessionInUseByAnotherRoostProcessIsRefusedInOneLine() throws Exception {
        RoostProcess sub = sub("-c", "-i", "busy", "--session-dir", directory.toString(), "-t", "busy");
        sub.awaitError(Pattern.compile("subscribed to"));
        assertThat(pub("-c", "-i", "busy", "--session-dir", directory.toString(), "-t", "busy", "-m", "x"))
                .isEqualTo(1);
        assertThat(pubErrors.toString().lines()).singleElement().asString()
                .startsWith("roost pub: ").contains("in use by another process");
    }

    @Test
    void pubToAPortNobodyListensOnExitsWith1AndOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        RoostProcess pub = RoostProcess.start("pub", "-h", "127.0.0.1", "-p", String.valueOf(closed), "-t", "a",
                "-m", "x");
        started.add(pub);
        assertThat(pub.awaitExit()).isEqualTo(1);
        assertThat(pub.errorLines()).containsExactly("roost pub: cannot connect to 127.0.0.1:" + closed
                + ": Connection refused: /127.0.0.1:" + closed);
    }

    @Test
    void aConnAckRefusalExitsWith1AndNamesTheReason() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout((int) RoostProcess.TIMEOUT.toMillis());
            CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> refuseOneConnection(server));
            RoostProcess pub = RoostProcess.start("pub", "-h", "127.0.0.1", "-p",
                    String.valueOf(server.getLocalPort()), "-V", "311", "-t", "a", "-m", "x");
            started.add(pub);
            assertThat(pub.awaitExit()).isEqualTo(1);
            assertThat(pub.errorLines()).containsExactly("roost pub: 127.0.0.1:" + server.getLocalPort()
                    + " refused the connection: NOT_AUTHORIZED");
            refused.get(RoostProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Reads a CONNECT and answers with a 3.1.1 CONNACK, return code 5 (not authorized). */
    private static void refuseOneConnection(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) RoostProcess.TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(0x10);
            int remaining = in.read(); // a short CONNECT: the remaining length fits in one byte
            assertThat(in.readNBytes(remaining)).hasSize(remaining);
            socket.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x05});
            socket.getOutputStream().flush();
            assertThat(in.read()).as("the client closes").isEqualTo(-1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Starts {@code roost sub -d -h 127.0.0.1 -p PORT ARGS}, with {@code -W 60} as a safety net unless ARGS has -W. */
    private RoostProcess sub(String... args) throws IOException {
        String[] common = List.of(args).contains("-W") ? new String[] {"sub", "-d", "-h", "127.0.0.1", "-p", port}
                : new String[] {"sub", "-d", "-h", "127.0.0.1", "-p", port, "-W", "60"};
        RoostProcess sub = RoostProcess.start(concat(common, args));
        started.add(sub);
        return sub;
    }

    /** Runs {@code roost pub -h 127.0.0.1 -p PORT ARGS} in this JVM; returns its exit code. */
    private int pub(String... args) {
        CommandLine roost = RoostCommand.commandLine();
        roost.setOut(new PrintWriter(new StringWriter(), true));
        roost.setErr(new PrintWriter(pubErrors, true));
        return roost.execute(concat(new String[] {"pub", "-h", "127.0.0.1", "-p", port}, args));
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
