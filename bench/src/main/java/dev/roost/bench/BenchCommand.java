package dev.roost.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the load generator's scenarios and the JMH micro-benchmarks, one subcommand each. Works against any
 * MQTT 3.1.1/5.0 broker by host and port. Register it as a subcommand ({@code roost bench}) or run it through
 * {@link BenchMain}.
 *
 * <p>Each scenario prints a readable summary and one JSON line on standard output, and a progress line on standard
 * error while it runs. Exit codes: 0 a clean run; 3 the run completed but lost, duplicated or reordered messages (or
 * failed connects); 1 the run could not complete; 2 a usage error.
 */
@Command(name = "bench", mixinStandardHelpOptions = false,
        description = "Benchmarks any MQTT broker by host and port; JMH micro-benchmarks of Roost's hot paths.",
        subcommands = {PairsCommand.class, FanoutCommand.class, FaninCommand.class, ConnectCommand.class,
                OfflineCommand.class, SessionsCommand.class, FillCommand.class, DrainCommand.class, JmhCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
