package dev.roost.bench;

import picocli.CommandLine;

/**
 * {@code java -jar roost-bench.jar SCENARIO [options]}: runs {@link BenchCommand} and exits with its exit code.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setCommandName("java -jar roost-bench.jar");
        System.exit(commandLine.execute(args));
    }
}
