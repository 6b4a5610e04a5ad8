package dev.roost.cli;

import dev.roost.bench.BenchCommand;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code roost}: the top-level command. It does nothing itself but list its subcommands; each subcommand is its own
 * class ({@link BrokerCommand} for {@code roost broker}, {@link PubCommand}, {@link SubCommand}).
 *
 * <p>{@link #main} exits the JVM with the subcommand's exit code: {@link #OK}, {@link #FAILURE} for a failure at run
 * time (one line on standard error says what), {@link #USAGE} for a usage or configuration error, and
 * {@link #TIMED_OUT} when {@code roost sub -W} runs out of time. docs/CLI.md lists them per command.
 */
@Command(name = "roost",
        description = "Roost: an MQTT 3.1.1/5.0 broker and client built around sessions.",
        mixinStandardHelpOptions = true,
        versionProvider = RoostVersion.class,
        subcommands = {
                BrokerCommand.class,
                PubCommand.class,
                SubCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  success", "  1  failure at run time (one line on standard error says what)",
                "  2  usage or configuration error", " 27  roost sub -W: the time ran out (like mosquitto_sub)",
                "See 'roost COMMAND --help' and docs/CLI.md."})
public final class RoostCommand implements Runnable {
    /** Exit code: success. */
    static final int OK = 0;
    /** Exit code: a failure at run time, described in one line on standard error. */
    static final int FAILURE = 1;
    /** Exit code: a usage error (flags) or a configuration error (file, environment). */
    static final int USAGE = 2;
    /** Exit code of {@code roost sub} when {@code -W} seconds passed first; mosquitto_sub's value. */
    static final int TIMED_OUT = 27;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@link #main} runs it; for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new RoostCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(RoostCommand::usageError);
    }

    /** A usage error: the message and where to find help, not the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
        err.println(command.getCommandSpec().qualifiedName() + ": " + message);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
