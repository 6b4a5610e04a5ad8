package dev.roost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code roost}: the top-level command. It does nothing itself but list its subcommands; each subcommand is its own
 * class ({@link BrokerCommand} for {@code roost broker}).
 *
 * <p>{@link #main} exits the JVM with the subcommand's exit code: 0 for success, 1 for a failure at run time (a
 * message on standard error says what), 2 for a usage error.
 */
@Command(name = "roost",
        description = "Roost: an MQTT 3.1.1/5.0 broker and client built around sessions.",
        mixinStandardHelpOptions = true,
        versionProvider = RoostVersion.class,
        subcommands = {BrokerCommand.class, CommandLine.HelpCommand.class})
public final class RoostCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@link #main} runs it; for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new RoostCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
