package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Argument handling that ends before a broker starts or a client connects. */
class RoostCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path directory;

    private int run(String... args) {
        CommandLine roost = RoostCommand.commandLine();
        roost.setOut(new PrintWriter(out, true));
        roost.setErr(new PrintWriter(err, true));
        return roost.execute(args);
    }

    @Test
    void listsBrokerPubAndSubInItsHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("broker").contains("pub").contains("sub").contains("Exit status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker", "pub", "sub"})
    void everyCommandsHelpEndsWithItsExitCodes(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).contains("Exit status:").contains("  0  ").contains("  1  ").contains("  2  ");
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void subDocumentsTheTimeoutExitCode() {
        assertThat(run("sub", "--help")).isZero();
        assertThat(out.toString()).contains(" 27  -W seconds passed first");
    }

    @Test
    void refusesAPortOutOfRangeInOneLine() {
        assertThat(run("broker", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("roost broker: port must be between 0 and 65535: 70000");
    }

    @Test
    void refusesAPortThatIsNotANumberAsAUsageError() {
        assertThat(run("broker", "--port", "http")).isEqualTo(2);
        assertThat(err.toString()).contains("roost broker: ").contains("Try 'roost broker --help'");
    }

    @Test
    void aBadConfigFileExitsWith2AndOneLinePerProblemWithoutStackTrace() throws IOException {
        Path file = directory.resolve("roost.conf");
        Files.writeString(file, "queue.overflow-policy = drop-random\nlistener.prot = 1\n");
        assertThat(run("broker", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                file + ": key 'queue.overflow-policy': 'drop-random' is not one of drop-newest, drop-oldest",
                file + ": unknown key 'listener.prot' (did you mean 'listener.port'?); every key is listed in"
                        + " docs/CONFIG.md");
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = directory.resolve("roost.conf");
        Files.writeString(file, """
                listener.port = 1000
                listener.bind = 10.0.0.1
                data.dir = /from/file
                store.engine = memory
                store.durability = none
                queue.max-messages = 7
                """);
        BrokerCommand command = new BrokerCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--config", file.toString(),
                "--port", "3000", "--store", "rocksdb");
        BrokerConfig config = command.config(Map.of("ROOST_LISTENER_PORT", "2000", "ROOST_DATA_DIR", "/from/env",
                "ROOST_QUEUE_MAX_MESSAGES", "8"));
        assertThat(config.port()).as("flag over environment over file").isEqualTo(3000);
        assertThat(config.storeEngine()).as("flag over file").isEqualTo(BrokerConfig.StoreEngine.ROCKSDB);
        assertThat(config.dataDirectory()).as("environment over file").isEqualTo(Path.of("/from/env"));
        assertThat(config.settings().maxQueuedMessages()).as("environment over file").isEqualTo(8);
        assertThat(config.bindAddress()).as("file over default").isEqualTo("10.0.0.1");
        assertThat(config.durability()).as("file over default").isEqualTo(DurabilityPolicy.NONE);
    }

    @Test
    void withoutFlagsFileOrEnvironmentTheBrokerUsesTheDefaults() {
        BrokerCommand command = new BrokerCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.config(Map.of()).toString()).isEqualTo(BrokerConfig.defaults().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sub -t a -c                      | -c needs a client id (-i)",
            "pub -t a -m x -c                 | -c needs a client id (-i)",
            "sub -t a -V 4                    | '4' is not an MQTT version: use 5, 311 or 31",
            "sub -t a -q 3                    | -q must be 0, 1 or 2: 3",
            "pub -t a -m x -q -1              | -q must be 0, 1 or 2: -1",
            "sub -t a -V 311 --session-expiry 60 | --session-expiry is MQTT 5.0 only (-V 5)",
            "sub -t a --session-expiry -2     | --session-expiry must be from 0 to 4294967295 seconds, or -1",
            "sub -t a -k 70000                | -k must be from 0 to 65535 seconds: 70000",
            "sub -t a -p 0                    | -p must be a port from 1 to 65535: 0",
            "sub -t a -C 0                    | -C must be at least 1: 0",
            "sub -t a -W 0                    | -W must be at least 1 second: 0",
            "sub -t a/#/b                     | -t 'a/#/b' is not a topic filter",
            "pub -t a/+ -m x                  | -t 'a/+' is not a topic name",
            "pub -t a                         | Missing required argument (specify one of these): (-m=TEXT | -f=FILE",
            "pub -t a -m x -n                 | mutually exclusive",
            "sub -q 1                         | Missing required option: '--topic=FILTER'",
            "pub -t a -m x -V 311 -P secret   | -P needs -u with MQTT 3.1.1",
            "sub -t a --bogus                 | Unknown option: '--bogus'"})
    void aUsageErrorExitsWith2BeforeConnecting(String args, String message) {
        String[] words = args.strip().split(" +");
        assertThat(run(words)).isEqualTo(2);
        assertThat(err.toString()).contains("roost " + words[0] + ": ").contains(message)
                .contains("Try 'roost " + words[0] + " --help' for more information.");
    }
}
