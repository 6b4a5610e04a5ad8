package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roost broker} from the shaded jar, as a child process: configure, start, serve, stop on SIGTERM. */
class BrokerCommandIT {
    private static final Pattern LISTENING = Pattern.compile("Roost listening on 127\\.0\\.0\\.1:(\\d+), data in (.+)$");
    private static final Path EXAMPLE = Path.of(System.getProperty("basedir", "."), "..", "docs",
            "roost.conf.example");

    @TempDir
    Path dataDirectory;

    private final List<RoostProcess> started = new ArrayList<>();

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        for (RoostProcess process : started) {
            process.close();
        }
    }

    @Test
    void servesMqttOnTheAnnouncedPortAndStopsCleanlyOnSigterm() throws Exception {
        Path data = dataDirectory.resolve("data");
        RoostProcess broker = start("broker", "--port", "0", "--bind", "127.0.0.1", "--data-dir", data.toString());
        int port = Integer.parseInt(broker.awaitOutput(LISTENING).group(1));
        assertThat(Files.isDirectory(data)).isTrue();
        assertConnAck(port);

        broker.terminate();
        assertThat(broker.awaitExit()).isZero();
        broker.awaitOutput(Pattern.compile("Roost stopped"));
    }

    @Test
    void startsWithTheExampleConfigurationTheEnvironmentAndFlagsOverridingIt() throws Exception {
        Path data = dataDirectory.resolve("example-data");
        RoostProcess broker = start(Map.of("ROOST_LISTENER_BIND", "127.0.0.1"), "broker", "--config",
                EXAMPLE.toString(), "--port", "0", "--data-dir", data.toString());
        Matcher listening = broker.awaitOutput(LISTENING);
        assertThat(listening.group(2)).contains(data.toString()).contains("rocksdb store, sync durability");
        broker.awaitOutput(Pattern.compile("Configuration: .*roost\\.conf\\.example, overridden by ROOST_LISTENER_BIND"));
        assertConnAck(Integer.parseInt(listening.group(1)));

        broker.terminate();
        assertThat(broker.awaitExit()).isZero();
    }

    @Test
    void aBadConfigFileStopsTheStartWithOneLinePerProblemAndExitCode2() throws Exception {
        Path file = dataDirectory.resolve("roost.conf");
        Files.writeString(file, """
                listener.port = 1883
                queue.overflow-policy = drop-random
                store.durability = sometimes
                listener.prot = 1
                """, StandardCharsets.UTF_8);
        RoostProcess broker = start("broker", "--config", file.toString());
        assertThat(broker.awaitExit()).isEqualTo(2);
        assertThat(broker.errorLines()).containsExactly(
                file + ": key 'queue.overflow-policy': 'drop-random' is not one of drop-newest, drop-oldest",
                file + ": key 'store.durability': 'sometimes' is not one of sync, interval, none",
                file + ": unknown key 'listener.prot' (did you mean 'listener.port'?); every key is listed in"
                        + " docs/CONFIG.md");
        assertThat(broker.outputLines()).noneMatch(line -> line.contains("listening"));
    }

    @Test
    void aBadEnvironmentValueIsNamedByItsVariable() throws Exception {
        RoostProcess broker = start(Map.of("ROOST_LISTENER_PORT", "eighteen"), "broker");
        assertThat(broker.awaitExit()).isEqualTo(2);
        assertThat(broker.errorLines()).containsExactly("environment variable ROOST_LISTENER_PORT (listener.port):"
                + " 'eighteen' is not an integer from 0 to 65535");
    }

    @Test
    void refusesAPortInUseWithOneLineNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RoostProcess broker = start("broker", "--port", String.valueOf(taken.getLocalPort()), "--bind",
                    "127.0.0.1", "--data-dir", dataDirectory.toString());
            assertThat(broker.awaitExit()).isEqualTo(1);
            assertThat(broker.errorLines()).singleElement().asString()
                    .contains("127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    @Test
    void printsItsVersion() throws Exception {
        RoostProcess roost = start("--version");
        assertThat(roost.awaitExit()).isZero();
        assertThat(roost.awaitOutput(Pattern.compile("^roost (\\S+)$")).group(1)).doesNotContain("${");
    }

    private static void assertConnAck(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            // CONNECT, 3.1.1, Clean Session, keep-alive 60 s, client id "it".
            socket.getOutputStream().write(new byte[] {
                    0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x02, 'i', 't'});
            assertThat(socket.getInputStream().readNBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x00);
        }
    }

    private RoostProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    private RoostProcess start(Map<String, String> environment, String... args) throws IOException {
        RoostProcess process = RoostProcess.start(environment, args);
        started.add(process);
        return process;
    }
}
