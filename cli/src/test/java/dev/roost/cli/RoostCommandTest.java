package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument handling that ends before a broker starts. */
class RoostCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine roost = RoostCommand.commandLine();
        roost.setOut(new PrintWriter(out, true));
        roost.setErr(new PrintWriter(err, true));
        return roost.execute(args);
    }

    @Test
    void listsTheBrokerCommandInItsHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("broker");
    }

    @Test
    void refusesAConfigFileForNowAndSaysWhatToUseInstead() {
        assertThat(run("broker", "--config", "roost.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--config is not supported yet").contains("--port");
    }

    @Test
    void refusesAPortOutOfRangeInOneLine() {
        assertThat(run("broker", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("roost broker: port must be between 0 and 65535: 70000");
    }

    @Test
    void refusesAPortThatIsNotANumberAsAUsageError() {
        assertThat(run("broker", "--port", "http")).isEqualTo(2);
    }
}
