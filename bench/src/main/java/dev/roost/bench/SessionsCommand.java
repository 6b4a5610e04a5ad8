package dev.roost.bench;

import dev.roost.bench.scenario.SessionsScenario;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench sessions}: N offline persistent sessions, and the broker memory they take. */
@Command(name = "sessions", sortOptions = false, usageHelpAutoWidth = true,
        description = {"N persistent sessions, each with one subscription, left offline: broker memory per session"
                + " (VmRSS of --broker-pid before and after).",
                "Exit codes: 0 clean run, 3 sessions that could not be created, 1 the run could not complete,"
                        + " 2 usage error."})
final class SessionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    SessionOptions sessionOptions;

    @Option(names = {"-n", "--sessions"}, paramLabel = "N", defaultValue = "10000",
            description = "Sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--broker-pid", paramLabel = "PID",
            description = "The broker's process id on this machine; without it no memory is measured.")
    Long brokerPid;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Pause before the second memory reading (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new SessionsScenario(ctx, sessions, brokerPid, settle,
                sessionOptions.settings()).run());
    }
}
